import type { RestrictionParams, TypeB24 } from '@bitrix24/b24jssdk';
import { ApiVersion } from '@bitrix24/b24jssdk';
import type { AxiosError, AxiosInstance, InternalAxiosRequestConfig } from 'axios';
import type { Database } from '@/db/client';
import { guardedNodeAgents } from '@/lib/http/guarded-http';
import { assertUrlAllowed, publicHostPolicy } from '@/lib/http/url-guard';
import { acquire } from '@/lib/queue/rate-limiter';
import type { Tier } from '@/lib/queue/rate-limits';
import { exchangeRecorder, type FinishExchange } from '@/lib/rest-log/recorder';

/**
 * Makes an SDK client (B24OAuth or B24Hook) obey our policies rather than its own
 * (DESIGN.md "Rate limits are shared state"):
 * - its limiter, adaptive delay and retries off: one attempt per call (`maxRetries` counts
 *   attempts in 2.2.0, so 1, not 0, which would make no attempt at all); our jobs retry;
 * - every request first takes a token from the tenant's and the global bucket in PostgreSQL, in an
 *   axios request interceptor, so web requests, jobs and every process share one budget;
 * - its sockets open only through the URL guard's agents (public hosts; loopback only under
 *   ALLOW_HTTP_LOOPBACK; plain http only with the tenant's confirmed "allow http");
 * - every request that left is written to the tenant's REST log with its answer.
 */

export const SDK_RESTRICTIONS_OFF: Partial<RestrictionParams> = {
  rateLimit: { burstLimit: 1_000_000, drainRate: 1_000_000, adaptiveEnabled: false },
  operatingLimit: { windowMs: 600_000, limitMs: Number.MAX_SAFE_INTEGER, heavyPercent: 100 },
  adaptiveConfig: { enabled: false, thresholdPercent: 100, coefficient: 0, maxDelay: 0 },
  maxRetries: 1,
  retryDelay: 0,
  retryOnNetworkError: false,
};

const REQUEST_TIMEOUT_MS = 30_000;

export interface TransportOptions {
  database: Database;
  tenantId: string;
  tier?: Tier;
  allowHttpLoopback: boolean;
  /** The tenant's admin-confirmed "allow http" for an on-premise portal. */
  allowHttp?: boolean;
  /** Extra trusted CAs (PEM) for https portals: tests' simulators, on-premise private CAs. */
  ca?: string;
}

type LoggedConfig = InternalAxiosRequestConfig & { finishRestLog?: FinishExchange };

/** `…/rest/crm.contact.list.json` or a webhook's `…/rest/1/<secret>/crm.contact.list` → the method. */
function methodOf(url: string): string {
  const last = new URL(url, 'http://x').pathname.split('/').filter(Boolean).at(-1) ?? '';
  return last.replace(/\.json$/, '');
}

export function takeOverTransport(b24: TypeB24, options: TransportOptions): void {
  const policy = publicHostPolicy({
    allowHttpLoopback: options.allowHttpLoopback,
    allowHttp: options.allowHttp,
  });
  const agents = guardedNodeAgents(policy, { ca: options.ca });
  const restLog = exchangeRecorder(options.database, { tenantId: options.tenantId, system: 'bitrix24' });
  for (const version of [ApiVersion.v2, ApiVersion.v3]) {
    const axios: AxiosInstance = b24.getHttpClient(version).ajaxClient;
    axios.defaults.httpAgent = agents.httpAgent;
    axios.defaults.httpsAgent = agents.httpsAgent;
    axios.defaults.proxy = false;
    axios.defaults.maxRedirects = 0;
    axios.defaults.timeout = REQUEST_TIMEOUT_MS;
    axios.interceptors.request.use(async (config) => {
      // Refused before any token is taken or socket opened; the agents check again at connect time.
      assertUrlAllowed(axios.getUri(config), policy);
      await acquire(options.database, {
        target: 'bitrix24',
        tenantId: options.tenantId,
        tier: options.tier,
        signal: config.signal instanceof AbortSignal ? config.signal : undefined,
      });
      const url = axios.getUri(config);
      (config as LoggedConfig).finishRestLog = restLog({
        method: config.method ?? 'get',
        operation: methodOf(url),
        url,
        requestBody: config.data,
      });
      return config;
    });
    axios.interceptors.response.use(
      (response) => {
        (response.config as LoggedConfig).finishRestLog?.(response.status, response.data);
        return response;
      },
      (error: AxiosError) => {
        const finish = (error.config as LoggedConfig | undefined)?.finishRestLog;
        finish?.(error.response?.status ?? null, error.response?.data, error);
        throw error;
      },
    );
  }
}
