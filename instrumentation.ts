/** Next.js calls this once per server process: start the runtime (database, migrations, queue). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startProcess } = await import('./lib/startup');
  await startProcess('web');
  // The inbound webhooks and events are answered ahead of Next's routing (lib/http/ingress.ts).
  const { installInboundIngress } = await import('./lib/sync/inbound-routes');
  installInboundIngress();
}
