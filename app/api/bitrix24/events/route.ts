import { bitrix24EventsPost } from '@/lib/sync/inbound-routes';

export const dynamic = 'force-dynamic';

export const POST = bitrix24EventsPost;
