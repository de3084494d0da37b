import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerRoute } from '@/lib/http/route';
import type { Queue } from '@/lib/queue/queue';
import { metricsResponseOf } from './render';

/**
 * A worker's metrics (`npm run worker` serves no other HTTP): GET /api/metrics on HOST:METRICS_PORT,
 * the same answer and bearer token (METRICS_TOKEN) as a web process's route. The job, rate-limit
 * and CRM-error counters of a deployment on PostgreSQL live in its workers, so each is scraped.
 */
export async function serveWorkerMetrics(options: {
  host: string;
  port: number;
  token: string | null;
  queue: Pick<Queue, 'stats'>;
}): Promise<{ url: string; close(): Promise<void> }> {
  const handler = bearerRoute(
    'worker-metrics',
    () => options.token,
    () => metricsResponseOf(options.queue),
  );
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/api/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const headers = new Headers();
    if (req.headers.authorization) headers.set('authorization', req.headers.authorization);
    handler(new Request(`http://${options.host}${req.url}`, { headers }), { params: Promise.resolve({}) })
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
