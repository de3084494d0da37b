import { startLimeSimulator } from '@/lib/simulators/lime';

/**
 * `npm run lime:sim`: the Lime simulator on its own (PORT, else 4010), for manual work and the
 * sandbox. Prints the URL, credentials and ids, then a line per webhook delivery; pending webhooks
 * go out every 2 s. Drive the park through /__sim/ (GET /__sim/state lists the controls' data).
 */

const port = Number(process.env.LIME_SIM_PORT ?? process.env.PORT ?? 4010);
const seed = process.env.LIME_SIM_SEED ? Number(process.env.LIME_SIM_SEED) : undefined;

const sim = await startLimeSimulator({
  port,
  ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}),
  webhookIntervalMs: 2000,
  onWebhookDelivery: (d) => {
    const outcome = d.ok ? `${d.status}` : d.status === null ? `failed (${d.error})` : `failed (${d.status})`;
    console.log(`webhook #${d.webhookId} ${d.eventType} ${d.eventId} → ${d.url} ${outcome}`);
  },
});

const sample = sim.park
  .adults()
  .filter((c) => sim.park.relationsOf(c.id).length > 0 && c.phoneNumber && c.email && c.cardIds.length > 0)
  .slice(0, 3);

console.log(`Lime simulator «${sim.park.installation.name}» listening on ${sim.url}`);
console.log(`  Authorization: LimeToken ${sim.credentials.token}`);
console.log(
  `  POST /connect/token  client_id=Jade.Api  username=${sim.credentials.login} (or ${sim.credentials.loginPhone})  password=${sim.credentials.password}`,
);
console.log(
  `  installationId=${sim.installationId} cashdeskId=${sim.cashdeskId} processingId=${sim.processingId} apiUserId=${sim.apiUserId}`,
);
console.log(
  `  depositGoodTypeId=${sim.depositGoodTypeId} bonusGoodTypeId=${sim.bonusGoodTypeId} timeZone=${sim.timeZone}`,
);
console.log(
  `  ${sim.park.clients.size} clients, ${sim.park.transactions.length} transactions, events up to ${sim.park.events.at(-1)?.id ?? '—'}`,
);
for (const c of sample) {
  const uid = sim.park.cards.get(c.cardIds[0] ?? 0)?.uid;
  const kids = sim.park.relationsOf(c.id).map((r) => r.childId);
  console.log(
    `  client ${c.id} ${c.displayName} ${c.phoneNumber} ${c.email} card ${uid} children ${kids.join(', ')}`,
  );
}
console.log(
  '  controls: GET /__sim/state; POST /__sim/{visitor-buys,top-up,turnstile,edit-client,add-child,',
);
console.log(
  '            create-preorder,preorder-status,random-activity,deliver-webhooks,fault,capabilities,',
);
console.log('            expire-tokens,refuse-refresh}');

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the Lime simulator`);
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
