import { z } from 'zod';
import {
  loadOrCreateLocalSecrets,
  loadOrCreateSandboxCrmCredentials,
  sandboxAmocrmKeys,
} from './local-secrets';

/**
 * The environment of DESIGN.md ("Configuration"), validated once. A wrong variable stops start-up
 * with a message naming it. Nothing is required for the sandbox: without DATABASE_URL the app runs
 * on embedded PGlite and generates its keys into DATA_DIR.
 */

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const keySchema = z
  .string()
  .refine((v) => decodeKey(v) !== null, 'must be 32 bytes as 64 hex characters or base64');

/** Exported for the deployment files' test (every variable they set must be one of these). */
export const envSchema = z
  .object({
    HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
    PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
    APP_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./.data')),
    APP_ENCRYPTION_KEY: z.preprocess(emptyToUndefined, keySchema.optional()),
    NEXTAUTH_SECRET: z.preprocess(emptyToUndefined, z.string().min(16).optional()),
    NEXTAUTH_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    B24_CLIENT_ID: optionalString,
    B24_CLIENT_SECRET: optionalString,
    AMOCRM_CLIENT_ID: optionalString,
    AMOCRM_CLIENT_SECRET: optionalString,
    AMOCRM_REDIRECT_URI: z.preprocess(emptyToUndefined, z.url().optional()),
    ALLOW_HTTP_LOOPBACK: z.preprocess(emptyToUndefined, z.enum(['0', '1']).default('0')),
    SANDBOX: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).optional()),
    WORKER: z.preprocess(emptyToUndefined, z.enum(['inline', 'off']).default('inline')),
    METRICS_TOKEN: optionalString,
    TRUSTED_PROXY_HOPS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(5).default(0)),
    METRICS_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).optional()),
    REST_LOG_RETENTION_DAYS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .int()
        .min(3, 'must be at least 3: the Bitrix24 Market asks for REST logs kept 3 days')
        .max(365)
        .default(7),
    ),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_URL && !env.APP_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['APP_ENCRYPTION_KEY'],
        message: 'is required with DATABASE_URL (every process must share it)',
      });
    }
    if (!env.DATABASE_URL && env.WORKER === 'off') {
      ctx.addIssue({
        code: 'custom',
        path: ['WORKER'],
        message: '"off" needs DATABASE_URL: embedded PGlite is one process, so the worker must run inline',
      });
    }
    if (Boolean(env.B24_CLIENT_ID) !== Boolean(env.B24_CLIENT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.B24_CLIENT_ID ? 'B24_CLIENT_SECRET' : 'B24_CLIENT_ID'],
        message: 'B24_CLIENT_ID and B24_CLIENT_SECRET are set together',
      });
    }
    if (Boolean(env.AMOCRM_CLIENT_ID) !== Boolean(env.AMOCRM_CLIENT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.AMOCRM_CLIENT_ID ? 'AMOCRM_CLIENT_SECRET' : 'AMOCRM_CLIENT_ID'],
        message: 'AMOCRM_CLIENT_ID and AMOCRM_CLIENT_SECRET are set together',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  host: string;
  port: number;
  appUrl: string;
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };
  dataDir: string;
  encryptionKey: Buffer;
  nextAuthSecret: string;
  nextAuthUrl: string;
  /** The Market app's keys; in the sandbox without keys, simulated ones (`simulated: true`). */
  bitrix24: { clientId: string; clientSecret: string; simulated?: boolean } | null;
  /** Our amoCRM integration's keys; in the sandbox without keys, simulated ones (`simulated: true`). */
  amocrm: { clientId: string; clientSecret: string; redirectUri: string; simulated?: boolean } | null;
  allowHttpLoopback: boolean;
  sandbox: boolean;
  worker: 'inline' | 'off';
  metricsToken: string | null;
  /** Reverse proxies in front of the app that append to X-Forwarded-For (0: the header is not trusted). */
  trustedProxyHops: number;
  /** `npm run worker` only: serve its metrics on HOST:METRICS_PORT (a worker serves no other HTTP). */
  metricsPort?: number | null;
  /** Days the per-tenant REST log is kept (at least 3). */
  restLogRetentionDays: number;
  logLevel: Env['LOG_LEVEL'];
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID' as const;
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function decodeKey(value: string): Buffer | null {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const b = Buffer.from(trimmed, 'base64');
  return b.length === 32 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) ? b : null;
}

/** Parses an environment into the app's configuration; throws ConfigError naming each bad variable. */
export function parseConfig(source: Record<string, string | undefined>): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  const appUrl = (env.APP_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/+$/, '');
  const needsLocalSecrets = !env.APP_ENCRYPTION_KEY || !env.NEXTAUTH_SECRET;
  const local = needsLocalSecrets ? loadOrCreateLocalSecrets(env.DATA_DIR) : null;
  const encryptionKey = env.APP_ENCRYPTION_KEY
    ? (decodeKey(env.APP_ENCRYPTION_KEY) as Buffer)
    : Buffer.from((local as NonNullable<typeof local>).appEncryptionKey, 'hex');
  const realBitrix24 =
    env.B24_CLIENT_ID && env.B24_CLIENT_SECRET
      ? { clientId: env.B24_CLIENT_ID, clientSecret: env.B24_CLIENT_SECRET }
      : null;
  const realAmocrm =
    env.AMOCRM_CLIENT_ID && env.AMOCRM_CLIENT_SECRET
      ? { clientId: env.AMOCRM_CLIENT_ID, clientSecret: env.AMOCRM_CLIENT_SECRET }
      : null;
  const sandbox = env.SANDBOX ? env.SANDBOX === 'on' : !realBitrix24 && !realAmocrm;
  // The sandbox registers our app with its in-process CRM simulators under simulated keys.
  const simulated =
    sandbox && (!realBitrix24 || !realAmocrm) ? loadOrCreateSandboxCrmCredentials(env.DATA_DIR) : null;
  const bitrix24 = realBitrix24 ?? (simulated ? { ...simulated.bitrix24, simulated: true } : null);
  const amocrmKeys = realAmocrm ?? (simulated ? { ...sandboxAmocrmKeys(simulated), simulated: true } : null);
  const amocrm = amocrmKeys && {
    ...amocrmKeys,
    redirectUri: env.AMOCRM_REDIRECT_URI ?? `${appUrl}/api/amocrm/oauth/callback`,
  };
  return {
    host: env.HOST,
    port: env.PORT,
    appUrl,
    database: env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL }
      : { kind: 'pglite', dataDir: env.DATA_DIR },
    dataDir: env.DATA_DIR,
    encryptionKey,
    nextAuthSecret: env.NEXTAUTH_SECRET ?? (local as NonNullable<typeof local>).nextAuthSecret,
    nextAuthUrl: env.NEXTAUTH_URL ?? appUrl,
    bitrix24,
    amocrm,
    allowHttpLoopback: env.ALLOW_HTTP_LOOPBACK === '1',
    sandbox,
    worker: env.WORKER,
    metricsToken: env.METRICS_TOKEN ?? null,
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    metricsPort: env.METRICS_PORT ?? null,
    restLogRetentionDays: env.REST_LOG_RETENTION_DAYS,
    logLevel: env.LOG_LEVEL,
  };
}

const holder = globalThis as typeof globalThis & { __limeBridgeConfig?: AppConfig };

/** The process's configuration, parsed from process.env on first use. */
export function getConfig(): AppConfig {
  holder.__limeBridgeConfig ??= parseConfig(process.env);
  return holder.__limeBridgeConfig;
}
