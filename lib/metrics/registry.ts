import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of this process (GET /api/metrics). Kept on globalThis so Next's separate
 * bundles and the inline worker count into one registry.
 */

function createMetrics() {
  const registry = new Registry();
  registry.setDefaultLabels({ app: 'lime-crm-bridge' });
  // The process's own figures (resident memory, V8 heap and external memory, event-loop lag, GC):
  // what an operator looks at first when a process grows or stalls.
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    jobsTotal: new Counter({
      name: 'bridge_jobs_total',
      help: 'Jobs run by this process, by target, kind and outcome',
      labelNames: ['target', 'kind', 'outcome'] as const,
      registers: [registry],
    }),
    jobSeconds: new Histogram({
      name: 'bridge_job_duration_seconds',
      help: 'Job run time',
      labelNames: ['target', 'kind'] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    }),
    rateLimitWaits: new Counter({
      name: 'bridge_rate_limit_waits_total',
      help: 'Times a request had to wait for a rate-limit token, by target',
      labelNames: ['target'] as const,
      registers: [registry],
    }),
    rateLimitWaitSeconds: new Counter({
      name: 'bridge_rate_limit_wait_seconds_total',
      help: 'Time spent waiting for rate-limit tokens, by target',
      labelNames: ['target'] as const,
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'bridge_queue_depth',
      help: 'Jobs per queue and state, read from the database at scrape time',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
    }),
    externalRequests: new Counter({
      name: 'bridge_external_requests_total',
      help: 'HTTP requests sent to the CRMs and Lime, by target and outcome (ok, error, failed)',
      labelNames: ['target', 'outcome'] as const,
      registers: [registry],
    }),
    externalRequestSeconds: new Histogram({
      name: 'bridge_external_request_duration_seconds',
      help: 'Time from sending a request to the CRMs or Lime to its answer',
      labelNames: ['target'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 30],
      registers: [registry],
    }),
    inboundRequests: new Counter({
      name: 'bridge_inbound_requests_total',
      help: 'Inbound webhooks and events answered by the ingress (lib/http/ingress.ts), by route and status',
      labelNames: ['route', 'status'] as const,
      registers: [registry],
    }),
    inboundSeconds: new Histogram({
      name: 'bridge_inbound_request_duration_seconds',
      help: 'Time from an inbound webhook or event reaching the ingress to its answer being written',
      labelNames: ['route'] as const,
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2],
      registers: [registry],
    }),
    crmErrors: new Counter({
      name: 'bridge_external_errors_total',
      help: 'Errors answered by CRMs and Lime, by target and code',
      labelNames: ['target', 'code'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const holder = globalThis as typeof globalThis & { __limeBridgeMetrics?: Metrics };

export function getMetrics(): Metrics {
  holder.__limeBridgeMetrics ??= createMetrics();
  return holder.__limeBridgeMetrics;
}
