import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets at rest: AES-256-GCM under a key derived by HKDF from APP_ENCRYPTION_KEY. The
 * associated data binds a ciphertext to its row (tenant and credential kind), so a ciphertext
 * copied into another tenant's row does not decrypt. Format: `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */

export class SecretDecryptError extends Error {
  readonly code = 'SECRET_UNREADABLE' as const;
  constructor() {
    super('A stored secret could not be decrypted (wrong APP_ENCRYPTION_KEY, or the row was tampered with)');
    this.name = 'SecretDecryptError';
  }
}

/** Keys derived from each root key (by identity) and purpose: route deps ask on every request. */
const derived = new WeakMap<Buffer, Map<string, Buffer>>();

export function deriveKey(rootKey: Buffer, purpose: string): Buffer {
  let byPurpose = derived.get(rootKey);
  if (!byPurpose) {
    byPurpose = new Map();
    derived.set(rootKey, byPurpose);
  }
  let key = byPurpose.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', rootKey, Buffer.alloc(0), `lime-crm-bridge:${purpose}`, 32));
    byPurpose.set(purpose, key);
  }
  return Buffer.from(key); // a copy: a caller may not change what the next one gets
}

export interface SecretBox {
  seal(plaintext: string, associatedData: string): string;
  open(sealed: string, associatedData: string): string;
}

export function createSecretBox(rootKey: Buffer): SecretBox {
  const key = deriveKey(rootKey, 'secrets-at-rest');
  return {
    seal(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), ciphertext]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed, associatedData) {
      const [version, iv, tag, ciphertext] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new SecretDecryptError();
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(associatedData, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([
          decipher.update(Buffer.from(ciphertext, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SecretDecryptError();
      }
    },
  };
}
