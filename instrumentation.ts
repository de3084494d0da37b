/** Next.js calls this once per server process: start the runtime (database, migrations, queue). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  // The inbound webhooks and events are answered ahead of Next's routing (lib/http/ingress.ts),
  // from before the runtime is announced as started; their handlers wait for it.
  const { installInboundIngress } = await import('./lib/sync/inbound-routes');
  installInboundIngress();
  const { startProcess } = await import('./lib/startup');
  await startProcess('web');
}
