import { amocrmEmbedSessionHandlers } from '@/lib/sync/amocrm/handlers';
import { amocrmDepsFromRuntime } from '@/lib/sync/amocrm/runtime-deps';

export const dynamic = 'force-dynamic';

export const { OPTIONS, POST } = amocrmEmbedSessionHandlers(amocrmDepsFromRuntime);
