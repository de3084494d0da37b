import { CARD_CHROME_PX, startAmocrmSimulator } from '@/lib/simulators/amocrm';
import { amocrmWidgetFiles } from '@/lib/widget/amocrm-widget-files';

/**
 * `node --import tsx scripts/amo-sim.ts`: the amoCRM simulator on its own (one account host on
 * 127.0.0.1), for manual work with curl or the adapter. Prints the account URL, the integration
 * and a ready authorization code (valid 20 minutes, single use) with the exact exchange request.
 * Our widget is installed in the account, script.js baked for APP_URL: the account's own pages run
 * it (a demo contact and lead are added so that their cards can be opened; the URLs are printed).
 *
 * Environment: AMO_SIM_PORT (default 4030), APP_URL (default http://127.0.0.1:3000), AMO_CLIENT_ID /
 * AMO_CLIENT_SECRET / AMO_REDIRECT_URI (default a simulated integration, redirect on APP_URL),
 * AMO_DISCONNECT_URL, AMO_SIM_SUBDOMAIN, AMO_SIM_SEED, AMO_SIM_RPS (default the real 7),
 * AMO_WIDGET_CODE (default lime_bridge).
 */

const env = process.env;
const seed = env.AMO_SIM_SEED ? Number(env.AMO_SIM_SEED) : undefined;
const rps = env.AMO_SIM_RPS ? Number(env.AMO_SIM_RPS) : undefined;
const appUrl = env.APP_URL || 'http://127.0.0.1:3000';
const widgetCode = env.AMO_WIDGET_CODE || 'lime_bridge';
const integration = {
  clientId: env.AMO_CLIENT_ID ?? '00000000-0000-4000-a000-000000000000',
  clientSecret: env.AMO_CLIENT_SECRET ?? 'sim-amo-client-secret',
  redirectUri: env.AMO_REDIRECT_URI ?? `${appUrl.replace(/\/+$/, '')}/api/amocrm/oauth/callback`,
  ...(env.AMO_DISCONNECT_URL ? { disconnectUrl: env.AMO_DISCONNECT_URL } : {}),
};

const sim = await startAmocrmSimulator({
  integration,
  port: Number(env.AMO_SIM_PORT ?? 4030),
  ...(env.AMO_SIM_SUBDOMAIN ? { subdomain: env.AMO_SIM_SUBDOMAIN } : {}),
  ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}),
  ...(rps !== undefined && Number.isFinite(rps) ? { limits: { perSecond: rps } } : {}),
  widget: { code: widgetCode, files: await amocrmWidgetFiles(appUrl) },
});
const contact = await sim.controls.addContact({
  first_name: 'Анна',
  last_name: 'Демо',
  custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '+79990000001', enum_code: 'MOB' }] }],
});
const lead = await sim.controls.addLead({
  name: 'Демо: день рождения',
  price: 15_000,
  _embedded: { contacts: [{ id: contact }] },
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

console.log(`widget ${widgetCode}, script.js baked for ${appUrl}; the account's pages that run it:`);
console.log(`  contact card  ${sim.hostUrl({ kind: 'contact', id: contact }, { width: 400 })}`);
console.log(`  lead card     ${sim.hostUrl({ kind: 'lead', id: lead }, { width: 400 })}`);
console.log(`  new lead      ${sim.hostUrl({ kind: 'lead', id: 0 })}`);
console.log(
  `  lists         ${sim.hostUrl({ kind: 'contacts-list' })}  ${sim.hostUrl({ kind: 'leads-list' })}`,
);
console.log(`  settings      ${sim.hostUrl({ kind: 'advanced-settings' })}`);
console.log(
  `  (query: user=<id>, lang=ru|en, width=<right column px>; a card needs a window of width + ${CARD_CHROME_PX} px)`,
);

const stop = async () => {
  await sim.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
