import { limeWebhookPost } from '@/lib/sync/inbound-routes';

export const dynamic = 'force-dynamic';

export const POST = limeWebhookPost;
