import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Keys generated into DATA_DIR for a machine that sets none: the root encryption key and the
 * next-auth secret. Written once with mode 0600 and never logged. Production sets both variables.
 */

const localSecretsSchema = z.object({
  appEncryptionKey: z.string().regex(/^[0-9a-f]{64}$/),
  nextAuthSecret: z.string().min(32),
});

export type LocalSecrets = z.infer<typeof localSecretsSchema>;

export const LOCAL_SECRETS_FILE = 'secrets.json';

export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, LOCAL_SECRETS_FILE);
  try {
    return localSecretsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`${file} is unreadable or malformed; fix or remove it (${String(error)})`);
    }
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets: LocalSecrets = {
    appEncryptionKey: randomBytes(32).toString('hex'),
    nextAuthSecret: randomBytes(32).toString('base64url'),
  };
  try {
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return secrets;
  } catch (error) {
    // Another process created it first: use theirs so both agree.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return localSecretsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    }
    throw error;
  }
}
