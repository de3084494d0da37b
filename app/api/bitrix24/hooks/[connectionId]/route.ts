import { bitrix24HooksHandler } from '@/lib/sync/bitrix24/handlers';
import { bitrix24DepsFromRuntime } from '@/lib/sync/bitrix24/runtime-deps';

export const dynamic = 'force-dynamic';

export const POST = bitrix24HooksHandler(bitrix24DepsFromRuntime);
