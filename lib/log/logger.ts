import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The app's logger. Secrets never reach a log line: known secret fields are redacted wherever they
 * sit (top level or nested up to three levels), and free-text messages are scrubbed of bearer
 * tokens and `auth=`/`access_token=` query values before they are written.
 */

/** Field names whose values are secrets (also the REST log's redaction, lib/rest-log/redact.ts). */
export const SECRET_KEYS = [
  'access_token',
  'refresh_token',
  'accessToken',
  'refreshToken',
  'application_token',
  'applicationToken',
  'client_secret',
  'clientSecret',
  'password',
  'secret',
  'token',
  'authorization',
  'Authorization',
  'cookie',
  'set-cookie',
  'x-auth-token',
  'apiKey',
  'api_key',
  'AUTH_ID',
  'REFRESH_ID',
  'ciphertext',
  'webhookUrl',
  'webhook_url',
];

export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
].map((p) => p.replace(/(^|\.)([^.*]*-[^.]*)$/, '$1["$2"]'));

const SECRET_IN_TEXT = [
  /(bearer\s+)[A-Za-z0-9._~+/-]+=*/gi,
  /((?:^|[?&\s])(?:auth|access_token|refresh_token|client_secret|password|token)=)[^&\s]+/gi,
  /(\/rest\/\d+\/)[A-Za-z0-9]+/g,
];

export function scrubText(text: string): string {
  return SECRET_IN_TEXT.reduce((out, re) => out.replace(re, '$1[Redacted]'), text);
}

/** Scrubs secrets out of every string value of a log object (depth-limited, cycle-safe). */
export function scrubValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object' || depth > 6 || value instanceof Date) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1, seen));
  if (value instanceof Error) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, depth + 1, seen)]));
}

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
      formatters: { log: (object) => scrubValue(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<
            typeof method
          >;
          method.apply(this, scrubbed);
        },
      },
      serializers: {
        err: (err: Error) => ({
          type: err.name,
          message: scrubText(err.message),
          code: (err as { code?: unknown }).code,
          stack: err.stack ? scrubText(err.stack) : undefined,
        }),
      },
    },
    options.destination,
  );
}

const holder = globalThis as typeof globalThis & { __limeBridgeLogger?: Logger };

export function getLogger(): Logger {
  holder.__limeBridgeLogger ??= createLogger();
  return holder.__limeBridgeLogger;
}
