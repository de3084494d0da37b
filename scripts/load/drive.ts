import autocannon from 'autocannon';
import type { LoadRequest } from './requests';

/**
 * Sends the requests at `rate` per second with autocannon, spread over the second. autocannon
 * paces a connection by letting it send its quota at the start of each second, so one instance at
 * 500/s sends its 500 requests in a burst every second and measures its own queue. Here each
 * connection sends one request a second and the connections start in `phases` groups spaced evenly
 * over the second: a steady stream, as independent senders make. Each request's time runs from its
 * write to its answer (autocannon's coordinated-omission correction assumes one request per
 * millisecond at these rates, and is off). A request not answered within 10 s is an error (its
 * connection is replaced and goes on with the next request).
 */

export interface DriveResult {
  /** Request number → HTTP status of its answer. */
  statuses: Map<number, number>;
  /** Milliseconds from each request's write to its answer. */
  latencies: number[];
  errors: number;
  seconds: number;
}

/** The most groups (at most 50) that split `rate` evenly. */
export function phasesFor(rate: number, most = 50): number {
  for (let phases = Math.min(most, rate); phases > 1; phases--) if (rate % phases === 0) return phases;
  return 1;
}

export interface DriveParams {
  url: string;
  requests: Pick<LoadRequest, 'method' | 'path' | 'headers' | 'body'>[];
  rate: number;
  seconds: number;
}

export async function drive(params: DriveParams): Promise<DriveResult> {
  const phases = phasesFor(params.rate);
  const perPhase = params.rate / phases;
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const runs: ReturnType<typeof autocannon>[] = [];
  for (let phase = 0; phase < phases; phase++) {
    runs.push(
      autocannon({
        url: params.url,
        connections: perPhase,
        overallRate: perPhase,
        // One request a second per connection, for `seconds`; a server that falls behind is not
        // waited for past 5 s more: what was not sent by then counts as not accepted.
        maxConnectionRequests: params.seconds,
        duration: params.seconds + 5,
        ignoreCoordinatedOmission: true,
        timeout: 10,
        requests: [
          {
            setupRequest(_raw, context) {
              const request = params.requests[
                next % params.requests.length
              ] as DriveParams['requests'][number];
              context.n = next++;
              context.at = performance.now();
              return {
                method: request.method,
                path: request.path,
                headers: request.headers,
                body: request.body,
              };
            },
            onResponse(status, _body, context) {
              latencies.push(performance.now() - (context.at as number));
              statuses.set(context.n as number, status);
            },
          },
        ],
      }),
    );
    await new Promise((r) => setTimeout(r, 1000 / phases));
  }
  const results = await Promise.all(runs);
  return {
    statuses,
    latencies,
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
    seconds: (performance.now() - started) / 1000,
  };
}
