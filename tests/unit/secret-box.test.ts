import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, deriveKey, SecretDecryptError } from '@/lib/crypto/secret-box';

describe('secret box (AES-256-GCM)', () => {
  const root = randomBytes(32);
  const box = createSecretBox(root);

  it('round-trips, and never produces the same ciphertext twice', () => {
    const a = box.seal('refresh-token-value', 'tenant:kind');
    const b = box.seal('refresh-token-value', 'tenant:kind');
    expect(a).not.toBe(b);
    expect(a).not.toContain('refresh-token-value');
    expect(box.open(a, 'tenant:kind')).toBe('refresh-token-value');
  });

  it('refuses a tampered ciphertext, other associated data, or another key', () => {
    const sealed = box.seal('x'.repeat(40), 'tenant-a:lime');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] as string, 'base64url');
    body[0] = (body[0] as number) ^ 1;
    const tampered = [parts[0], parts[1], parts[2], body.toString('base64url')].join('.');
    expect(() => box.open(tampered, 'tenant-a:lime')).toThrow(SecretDecryptError);
    expect(() => box.open(sealed, 'tenant-b:lime')).toThrow(SecretDecryptError);
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'tenant-a:lime')).toThrow(SecretDecryptError);
    expect(() => box.open('v0.garbage', 'tenant-a:lime')).toThrow(SecretDecryptError);
  });

  it('derives independent keys per purpose', () => {
    expect(deriveKey(root, 'secrets-at-rest').equals(deriveKey(root, 'embed-token'))).toBe(false);
    expect(deriveKey(root, 'embed-token').equals(deriveKey(root, 'embed-token'))).toBe(true);
  });

  it('hands each caller its own copy of a derived key, the same for an equal root key', () => {
    const first = deriveKey(root, 'frame-host');
    const expected = Buffer.from(first);
    first.fill(0);
    expect(deriveKey(root, 'frame-host').equals(expected)).toBe(true);
    expect(deriveKey(Buffer.from(root), 'frame-host').equals(expected)).toBe(true);
  });
});
