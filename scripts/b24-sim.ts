import { startBitrix24Simulator } from '@/lib/simulators/bitrix24';

/**
 * `node --import tsx scripts/b24-sim.ts`: the Bitrix24 simulator on its own (a portal and its
 * authorization server on 127.0.0.1), for manual work with curl or the SDK. Prints the URLs and
 * the app registration; with B24_SIM_INSTALL=1 it also installs the app, finishes the
 * installation and prints the installer frame's tokens, ready for REST calls.
 *
 * Environment: B24_SIM_PORTAL_PORT / B24_SIM_OAUTH_PORT (default 4020 / 4021), B24_CLIENT_ID /
 * B24_CLIENT_SECRET (default a simulated app), B24_SIM_INSTALL_EVENT_URL (our ONAPPINSTALL
 * handler), B24_SIM_SEED, B24_SIM_REGION (ru | com), B24_SIM_INSTALL=1.
 */

const env = process.env;
const region = env.B24_SIM_REGION === 'com' ? 'com' : 'ru';
const seed = env.B24_SIM_SEED ? Number(env.B24_SIM_SEED) : undefined;

const sim = await startBitrix24Simulator({
  app: {
    clientId: env.B24_CLIENT_ID ?? 'local.sim0000000000.00000000',
    clientSecret: env.B24_CLIENT_SECRET ?? 'sim-client-secret',
    ...(env.B24_SIM_INSTALL_EVENT_URL ? { installEventUrl: env.B24_SIM_INSTALL_EVENT_URL } : {}),
  },
  region,
  ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}),
  portalPort: Number(env.B24_SIM_PORTAL_PORT ?? 4020),
  oauthPort: Number(env.B24_SIM_OAUTH_PORT ?? 4021),
});

console.log(`Bitrix24 simulator portal ${sim.portalUrl} (domain ${sim.domain}, member_id ${sim.memberId})`);
console.log(`  REST:  POST ${sim.clientEndpoint}<method>  (auth=<access token> in the body or query)`);
console.log(
  `  OAuth: ${sim.oauthUrl}/oauth/token/   token check: ${sim.serverEndpoint}app.info?auth=<token>`,
);
console.log(`  app:   client_id=${env.B24_CLIENT_ID ?? 'local.sim0000000000.00000000'}`);

if (env.B24_SIM_INSTALL === '1') {
  const install = await sim.controls.install();
  sim.controls.installFinish();
  console.log('  installed and finished:');
  console.log(`    AUTH_ID=${install.form.AUTH_ID}`);
  console.log(`    REFRESH_ID=${install.form.REFRESH_ID}`);
  console.log(`    APPLICATION_TOKEN=${install.form.APPLICATION_TOKEN}`);
  if (install.installEvent) console.log(`    ONAPPINSTALL → ${install.installEvent.status ?? 'failed'}`);
  for (const name of ['Анна Смирнова', 'Борис Петров', 'Вера Иванова']) {
    const [first = '', last = ''] = name.split(' ');
    const id = await sim.controls.addContact({ NAME: first, LAST_NAME: last });
    console.log(`    contact ${id} ${name}`);
  }
}

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the Bitrix24 simulator`);
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
