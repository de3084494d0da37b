import { afterAll, beforeAll } from 'vitest';
import { createBitrix24Crm } from '@/lib/crm/bitrix24/crm-adapter';
import { createOAuthRest } from '@/lib/crm/bitrix24/oauth-client';
import type { CrmPort } from '@/lib/crm/crm-port';
import { type Bitrix24Harness, startBitrix24Harness, TEST_APP } from '../support/bitrix24-harness';
import { describeCrmPortContract } from '../support/crm-port-contract';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** The CrmPort contract against the Bitrix24 adapter, over HTTP to the Bitrix24 simulator. */

let t: TestDatabase;
let h: Bitrix24Harness;
let crm: CrmPort;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startBitrix24Harness(t.database, { sim: { seed: 401 } });
  await h.installViaFrame();
  h.sim.controls.installFinish();
  const tenant = await h.tenant();
  const rest = await createOAuthRest(
    { database: t.database, secrets: h.deps.secrets, allowHttpLoopback: true, app: TEST_APP },
    { tenantId: tenant?.id as string },
  );
  crm = createBitrix24Crm(rest);
});
afterAll(async () => {
  await h?.close();
  await t?.drop();
});

describeCrmPortContract('Bitrix24', () => ({
  crm,
  async notesOf(entity, id) {
    return h.sim.state.timelineComments
      .filter((c) => c.ENTITY_TYPE === entity && String(c.ENTITY_ID) === id)
      .map((c) => c.COMMENT);
  },
  async logEntriesOf(entity, id) {
    return h.sim.state.timelineLogMessages
      .filter((m) => m.entityTypeId === (entity === 'contact' ? 3 : 2) && String(m.entityId) === id)
      .map((m) => `${m.title}: ${m.text}`);
  },
  async managerContact({ firstName, phone }) {
    const id = await h.sim.controls.addContact({
      NAME: firstName,
      PHONE: [{ VALUE: phone, VALUE_TYPE: 'WORK' }],
    });
    return String(id);
  },
}));
