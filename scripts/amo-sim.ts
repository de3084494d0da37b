import { startAmocrmSimulator } from '@/lib/simulators/amocrm';

/**
 * `node --import tsx scripts/amo-sim.ts`: the amoCRM simulator on its own (one account host on
 * 127.0.0.1), for manual work with curl or the adapter. Prints the account URL, the integration
 * and a ready authorization code (valid 20 minutes, single use) with the exact exchange request.
 *
 * Environment: AMO_SIM_PORT (default 4030), AMO_CLIENT_ID / AMO_CLIENT_SECRET / AMO_REDIRECT_URI
 * (default a simulated integration), AMO_DISCONNECT_URL, AMO_SIM_SUBDOMAIN, AMO_SIM_SEED,
 * AMO_SIM_RPS (default the real 7).
 */

const env = process.env;
const seed = env.AMO_SIM_SEED ? Number(env.AMO_SIM_SEED) : undefined;
const rps = env.AMO_SIM_RPS ? Number(env.AMO_SIM_RPS) : undefined;
const integration = {
  clientId: env.AMO_CLIENT_ID ?? '00000000-0000-4000-a000-000000000000',
  clientSecret: env.AMO_CLIENT_SECRET ?? 'sim-amo-client-secret',
  redirectUri: env.AMO_REDIRECT_URI ?? 'http://127.0.0.1:3000/api/amo/oauth/callback',
  ...(env.AMO_DISCONNECT_URL ? { disconnectUrl: env.AMO_DISCONNECT_URL } : {}),
};

const sim = await startAmocrmSimulator({
  integration,
  port: Number(env.AMO_SIM_PORT ?? 4030),
  ...(env.AMO_SIM_SUBDOMAIN ? { subdomain: env.AMO_SIM_SUBDOMAIN } : {}),
  ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}),
  ...(rps !== undefined && Number.isFinite(rps) ? { limits: { perSecond: rps } } : {}),
});

const grant = sim.controls.authorize({ state: 'manual' });
console.log(`amoCRM simulator: account ${sim.accountId} (${sim.subdomain}.amocrm.ru) at ${sim.url}`);
console.log(`integration client_id ${integration.clientId}, redirect_uri ${integration.redirectUri}`);
console.log(`redirect: ${integration.redirectUri}?code=${grant.code}&referer=${grant.referer}&state=manual`);
console.log('exchange:');
console.log(
  `curl -s -X POST ${sim.url}/oauth2/access_token -H 'Content-Type: application/json' -d '${JSON.stringify({
    client_id: integration.clientId,
    client_secret: integration.clientSecret,
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: integration.redirectUri,
  })}'`,
);

const stop = async () => {
  await sim.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
