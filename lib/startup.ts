import { ConfigError } from '@/lib/config';
import { getRuntime, installSignalHandlers, type RuntimeRole } from '@/lib/runtime';

/**
 * Starts a process (the Next.js server from instrumentation, or `npm run worker`), or refuses to,
 * naming the reason: a wrong variable, a DATA_DIR held by another process, an unreachable database.
 */
export async function startProcess(role: RuntimeRole): Promise<void> {
  try {
    await getRuntime(role);
    installSignalHandlers();
  } catch (error) {
    const reason = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    console.error(`\nLime ↔ CRM bridge cannot start (${role}): ${reason}\n`);
    process.exit(1);
  }
}
