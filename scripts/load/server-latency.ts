/**
 * The web process's own time for the inbound requests, from the ingress's histogram on
 * /api/metrics (bridge_inbound_request_duration_seconds, all routes together): the upper bound of
 * the bucket holding the q-quantile, in milliseconds (Infinity past the last bucket). Set beside
 * the load generator's measured latency, it tells the server's share from the machine's.
 */
export function inboundQuantileMs(metricsText: string, q: number): number | null {
  const counts = new Map<number, number>();
  const pattern = /^bridge_inbound_request_duration_seconds_bucket\{([^}]*)\} (\d+(?:\.\d+)?)$/gm;
  for (const [, labels, value] of metricsText.matchAll(pattern)) {
    const le = /le="([^"]+)"/.exec(labels as string)?.[1];
    if (le === undefined) continue;
    const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le) * 1000;
    counts.set(bound, (counts.get(bound) ?? 0) + Number(value));
  }
  const buckets = [...counts].sort((a, b) => a[0] - b[0]);
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total === 0) return null;
  return (buckets.find(([, count]) => count >= q * total) as [number, number])[0];
}

/** Where a process's memory is, from prom-client's default metrics on its /api/metrics. */
export function memoryBreakdown(metricsText: string): string {
  const mb = (metric: string) => {
    const value = new RegExp(`^${metric}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(metricsText)?.[1];
    return value === undefined ? '?' : String(Math.round(Number(value) / 1e6));
  };
  return [
    `resident ${mb('process_resident_memory_bytes')} MB`,
    `V8 heap ${mb('nodejs_heap_size_used_bytes')} MB used of ${mb('nodejs_heap_size_total_bytes')}`,
    `external ${mb('nodejs_external_memory_bytes')} MB`,
  ].join(', ');
}
