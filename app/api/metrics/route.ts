import { bearerRoute } from '@/lib/http/route';
import { metricsResponse, metricsToken } from '@/lib/metrics/render';

export const dynamic = 'force-dynamic';

export const GET = bearerRoute('metrics', metricsToken, () => metricsResponse());
