import { hkdfSync, randomBytes } from 'node:crypto';
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

const sandboxCrmSchema = z.object({
  bitrix24: z.object({ clientId: z.string().min(1), clientSecret: z.string().min(16) }),
});
export type SandboxCrmCredentials = z.infer<typeof sandboxCrmSchema>;

export const SANDBOX_CRM_FILE = 'sandbox-crm.json';

/**
 * The sandbox's simulated CRM app credentials (DESIGN.md, SANDBOX): our app as registered with the
 * in-process CRM simulators. Generated once into DATA_DIR; never used with a real CRM.
 */
export function loadOrCreateSandboxCrmCredentials(dataDir: string): SandboxCrmCredentials {
  const file = path.join(dataDir, SANDBOX_CRM_FILE);
  try {
    return sandboxCrmSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`${file} is unreadable or malformed; fix or remove it (${String(error)})`);
    }
  }
  mkdirSync(dataDir, { recursive: true });
  const fresh: SandboxCrmCredentials = {
    bitrix24: {
      clientId: `local.sandbox${randomBytes(7).toString('hex')}.${randomBytes(4).readUInt32BE() % 100_000_000}`,
      clientSecret: randomBytes(24).toString('base64url'),
    },
  };
  try {
    writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return sandboxCrmSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    }
    throw error;
  }
}

/**
 * The sandbox's amoCRM integration keys (a UUID client id and a secret), derived from the stored
 * sandbox credentials: every process of one DATA_DIR agrees on them without another file to race on.
 */
export function sandboxAmocrmKeys(credentials: SandboxCrmCredentials): {
  clientId: string;
  clientSecret: string;
} {
  const bytes = Buffer.from(
    hkdfSync('sha256', credentials.bitrix24.clientSecret, 'lime-bridge-sandbox', 'amocrm-integration', 48),
  );
  const id = Buffer.from(bytes.subarray(0, 16));
  id[6] = ((id[6] ?? 0) & 0x0f) | 0x40;
  id[8] = ((id[8] ?? 0) & 0x3f) | 0x80;
  const hex = id.toString('hex');
  return {
    clientId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    clientSecret: bytes.subarray(16).toString('base64url'),
  };
}
