import { bitrix24RobotHandler } from '@/lib/sync/bitrix24/handlers';
import { bitrix24DepsFromRuntime } from '@/lib/sync/bitrix24/runtime-deps';

export const dynamic = 'force-dynamic';

export const POST = bitrix24RobotHandler(bitrix24DepsFromRuntime);
