import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NpsTokenError, openNpsToken, sealNpsToken } from '@/lib/auth/nps-token';
import { createSecretBox } from '@/lib/crypto/secret-box';

/** The NPS link's sealed token: its claims back, and every way it must fail (lib/auth/nps-token.ts). */

const box = createSecretBox(randomBytes(32));
const claims = { tenantId: randomUUID(), sendId: randomUUID(), expiresAt: new Date('2026-04-01T00:00:00Z') };
const now = new Date('2026-03-02T09:00:00Z');
const problemOf = (run: () => unknown) => {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof NpsTokenError ? error.problem : 'other';
  }
};

describe('NPS tokens', () => {
  it('opens to the tenant, the send and the expiry, in a URL-safe form', () => {
    const token = sealNpsToken(box, claims);
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(openNpsToken(box, token, now)).toEqual(claims);
  });

  it('a changed character, another key, another purpose’s sealing or rubbish are invalid; past its expiry it is expired', () => {
    const token = sealNpsToken(box, claims);
    const at = token.lastIndexOf('.') + 3;
    const changed = `${token.slice(0, at)}${token[at] === 'x' ? 'y' : 'x'}${token.slice(at + 1)}`;
    expect(problemOf(() => openNpsToken(box, changed, now))).toBe('invalid');
    expect(problemOf(() => openNpsToken(createSecretBox(randomBytes(32)), token, now))).toBe('invalid');
    const other = box.seal(
      JSON.stringify({ t: claims.tenantId, s: claims.sendId, e: 1_900_000_000 }),
      'secrets',
    );
    expect(problemOf(() => openNpsToken(box, other, now))).toBe('invalid');
    expect(problemOf(() => openNpsToken(box, '../../etc/passwd', now))).toBe('invalid');
    expect(problemOf(() => openNpsToken(box, token, new Date('2026-04-01T00:00:00Z')))).toBe('expired');
  });
});
