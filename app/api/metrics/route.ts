import { bearerRoute } from '@/lib/http/route';
import { metricsToken, renderMetrics } from '@/lib/metrics/render';

export const dynamic = 'force-dynamic';

export const GET = bearerRoute('metrics', metricsToken, async () => {
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
});
