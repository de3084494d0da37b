import type { Database } from '@/db/client';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { createAmocrmClient } from '@/lib/crm/amocrm/api-client';
import { INACTIVE_PREFIX } from '@/lib/crm/amocrm/catalog';
import { createAmocrmCrm } from '@/lib/crm/amocrm/crm-adapter';
import { createBitrix24Crm } from '@/lib/crm/bitrix24/crm-adapter';
import { createOAuthRest } from '@/lib/crm/bitrix24/oauth-client';
import type { CrmPort } from '@/lib/crm/crm-port';
import { createSecretBox, type SecretBox } from '@/lib/crypto/secret-box';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { type AmocrmHarness, startAmocrmHarness } from './amocrm-harness';
import { type Bitrix24Harness, startBitrix24Harness, TEST_APP } from './bitrix24-harness';

/**
 * One connected CRM account (Bitrix24 or amoCRM, each on its simulator) for flows written once
 * against CrmPort: the tenant, the port, and probes that read the CRM's own records — how many
 * contact writes it received, a contact's children field, the catalog's products by our key.
 */
export interface CrmAccountFixture {
  name: 'Bitrix24' | 'amoCRM';
  tenantId: string;
  secrets: SecretBox;
  crm: CrmPort;
  /** Contacts created or updated so far (each entity of a batch counts). */
  contactWrites(): number;
  /** The children field of a contact as the CRM stores it, one child per entry. */
  childrenOf(contactId: string): string[];
  /** Catalog products by our external key: name, price in kopecks, active. */
  productsByKey(): Map<string, { name: string; price: number; active: boolean }>;
  /** A manager creates a contact in the CRM. */
  addContact(input: { name: string; phone: string }): Promise<string>;
  /** How many deals (amoCRM leads) the account holds. */
  dealCount(): number;
  /** Deal writes the CRM received: creates, updates and product-row changes (each command of a batch counts). */
  dealWrites(): number;
  /** An admin adds a deal pipeline; returns its id. */
  addPipeline(name: string): Promise<string>;
  /** A manager creates a deal by hand (no key of ours). */
  addDeal(input: { title: string; pipelineId: string; stageId: string }): Promise<string>;
  /** The deal's Lime fields as the CRM stores them: pre-order id, event time (ISO), hall. */
  dealLimeFields(id: string): { preorderId: string | null; eventAt: string | null; hall: string | null };
  /** A manager moves a deal to a stage of its pipeline (the CRM then notifies our endpoints). */
  moveDeal(id: string, stageId: string): Promise<void>;
  /** How many leads the account holds (Bitrix24 leads; amoCRM's leads are its deals). */
  leadCount(): number;
  /** A contact's field of ours (by its code without UF_CRM_, e.g. LIME_NPS) as the CRM stores it; null when empty. */
  contactFieldOf(contactId: string, code: string): string | null;
  /** The timeline's system entries (Bitrix24 log messages, amoCRM service notes) on a contact. */
  logEntriesOf(contactId: string): string[];
  /** A manager renames a contact in the CRM (the CRM then notifies our endpoints). */
  renameContact(id: string, firstName: string): Promise<void>;
  /** A manager deletes an (empty) stage of a pipeline in the CRM. */
  deleteStage(pipelineId: string, stageId: string): void;
  /** Queues a job for this account's tenant (run by processCrmEvents). */
  enqueue(job: EnqueueRequest): Promise<string | null>;
  /** The CRM's notifications delivered and our jobs run until none is left. */
  processCrmEvents(): Promise<void>;
  /** Bitrix24 only: the harness behind the account (the simulator, our endpoints, the queued jobs). */
  bitrix24?: Bitrix24Harness;
  /** amoCRM only: the harness behind the account. */
  amocrm?: AmocrmHarness;
  close(): Promise<void>;
}

/** What a CRM frame's embed token says of a user of this account: an admin (user 1), or a manager. */
export function claimsOf(account: CrmAccountFixture, admin: boolean): EmbedClaims {
  return {
    tenantId: account.tenantId,
    crm: account.crm.kind,
    userId: admin ? '1' : '2',
    admin,
    locale: 'ru',
    entity: null,
    hostOrigin: 'https://crm.example.ru',
  };
}

const countMatches = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

/** `secretKey`: the key tokens are stored under, when processes of the test must read them. */
export interface AccountOptions {
  secretKey?: Buffer;
  /** amoCRM only: the simulator's requests per second (default 50, to keep flow tests short; real: 7). */
  amocrmPerSecond?: number;
}

export async function startBitrix24Account(
  database: Database,
  seed: number,
  options: AccountOptions = {},
): Promise<CrmAccountFixture> {
  const h = await startBitrix24Harness(database, { sim: { seed }, secretKey: options.secretKey });
  await h.installViaFrame();
  h.sim.controls.installFinish();
  const tenantId = (await h.tenant())?.id as string;
  const rest = await createOAuthRest(
    { database, secrets: h.deps.secrets, allowHttpLoopback: true, app: TEST_APP },
    { tenantId },
  );
  return {
    name: 'Bitrix24',
    tenantId,
    secrets: h.deps.secrets,
    crm: createBitrix24Crm(rest),
    contactWrites: () =>
      h.sim.requests
        .filter((r) => r.server === 'portal' && r.status === 200)
        .reduce((n, r) => n + countMatches(decodeURIComponent(r.body), /crm\.contact\.(add|update)/g), 0),
    childrenOf: (id) => {
      const contact = h.sim.state.contacts.find((c) => String(c.id) === id);
      const value = contact?.uf.UF_CRM_LIME_CHILDREN;
      return Array.isArray(value) ? value.map(String) : [];
    },
    productsByKey: () =>
      new Map(
        h.sim.state.catalogProducts.map((p) => {
          const price = h.sim.state.catalogPrices.find((x) => String(x.productId) === String(p.id));
          return [
            String(p.xmlId),
            {
              name: String(p.name),
              price: Math.round(Number(price?.price ?? 0) * 100),
              active: p.active === 'Y',
            },
          ];
        }),
      ),
    addContact: async ({ name, phone }) =>
      String(await h.sim.controls.addContact({ NAME: name, PHONE: [{ VALUE: phone, VALUE_TYPE: 'WORK' }] })),
    dealCount: () => h.sim.state.deals.length,
    dealWrites: () =>
      h.sim.requests
        .filter((r) => r.server === 'portal' && r.status === 200)
        .reduce(
          (n, r) => n + countMatches(decodeURIComponent(r.body), /crm\.item\.(add|update|productrow\.set)/g),
          0,
        ),
    addPipeline: async (name) => String(h.sim.controls.addDealCategory(name)),
    addDeal: async ({ title, pipelineId, stageId }) =>
      String(await h.sim.controls.addDeal({ TITLE: title, CATEGORY_ID: pipelineId, STAGE_ID: stageId })),
    dealLimeFields: (id) => {
      const deal = h.sim.state.deals.find((d) => String(d.id) === id);
      const value = (code: string) => {
        const v = deal?.uf[code];
        return v === undefined || v === null || v === '' ? null : String(v);
      };
      const eventAt = value('UF_CRM_LIME_EVENT_AT');
      return {
        preorderId: value('UF_CRM_LIME_PREORDER_ID'),
        eventAt: eventAt ? new Date(eventAt).toISOString() : null,
        hall: value('UF_CRM_LIME_HALL'),
      };
    },
    moveDeal: (id, stageId) => h.sim.controls.updateDeal(Number(id), { STAGE_ID: stageId }),
    leadCount: () => h.sim.state.leads.length,
    contactFieldOf: (id, code) => {
      const value = h.sim.state.contacts.find((c) => String(c.id) === id)?.uf[`UF_CRM_${code}`];
      return value === undefined || value === null || value === '' ? null : String(value);
    },
    logEntriesOf: (id) =>
      h.sim.state.timelineLogMessages
        .filter((m) => m.entityTypeId === 3 && String(m.entityId) === id)
        .map((m) => m.title),
    renameContact: (id, firstName) => h.sim.controls.updateContact(Number(id), { NAME: firstName }),
    deleteStage: (_pipelineId, stageId) => h.sim.controls.deleteDealStage(stageId),
    enqueue: h.deps.enqueue,
    async processCrmEvents() {
      await h.sim.controls.deliveriesSettled();
      await h.runJobs();
    },
    bitrix24: h,
    close: () => h.close(),
  };
}

export async function startAmocrmAccount(
  database: Database,
  seed: number,
  options: AccountOptions = {},
): Promise<CrmAccountFixture> {
  // The flows make a few hundred calls; at 7/s the run would take far longer than the proof needs.
  const h = await startAmocrmHarness(database, {
    sim: { seed, limits: { perSecond: options.amocrmPerSecond ?? 50 } },
    secrets: options.secretKey ? createSecretBox(options.secretKey) : undefined,
  });
  await h.connect();
  const tenantId = (await h.tenantId()) as string;
  const keys = h.deps.keys;
  if (!keys) throw new Error('the amoCRM harness has no keys');
  const client = createAmocrmClient(
    { database, secrets: h.deps.secrets, allowHttpLoopback: true, keys },
    { tenantId, baseUrl: h.sim.url },
  );
  const field = (code: string) => h.sim.state.customFields.contacts.find((f) => f.code === code)?.id;
  return {
    name: 'amoCRM',
    tenantId,
    secrets: h.deps.secrets,
    crm: createAmocrmCrm(client),
    contactWrites: () =>
      h.sim.requests
        .filter(
          (r) =>
            (r.method === 'POST' || r.method === 'PATCH') &&
            r.path === '/api/v4/contacts' &&
            r.status === 200,
        )
        .reduce((n, r) => n + (JSON.parse(r.body) as unknown[]).length, 0),
    childrenOf: (id) => {
      const contact = h.sim.state.contacts.find((c) => String(c.id) === id);
      const value = contact?.custom_fields_values?.find((f) => f.field_id === field('LIME_CHILDREN'))
        ?.values[0]?.value;
      return typeof value === 'string' && value !== '' ? value.split('\n') : [];
    },
    productsByKey: () => {
      const catalog = h.sim.state.catalogs.find((c) => c.type === 'products');
      return new Map(
        (catalog?.elements ?? []).map((e) => {
          const values = (code: string) => {
            const fieldId = h.sim.state.customFields.catalogs.find((f) => f.code === code)?.id;
            return e.custom_fields_values.find((f) => f.field_id === fieldId)?.values[0]?.value;
          };
          const active = !e.name.startsWith(INACTIVE_PREFIX);
          return [
            String(values('SKU')),
            {
              name: active ? e.name : e.name.slice(INACTIVE_PREFIX.length),
              price: Math.round(Number(values('PRICE') ?? 0) * 100),
              active,
            },
          ];
        }),
      );
    },
    addContact: async ({ name, phone }) =>
      String(
        await h.sim.controls.addContact({
          first_name: name,
          custom_fields_values: [{ field_code: 'PHONE', values: [{ value: phone, enum_code: 'WORK' }] }],
        }),
      ),
    dealCount: () => h.sim.state.leads.length,
    dealWrites: () =>
      h.sim.requests.filter(
        (r) =>
          (r.method === 'POST' || r.method === 'PATCH') &&
          /^\/api\/v4\/leads(\/\d+(\/(link|unlink))?)?$/.test(r.path) &&
          r.status === 200,
      ).length,
    addPipeline: async (name) => String(h.sim.controls.addPipeline(name)),
    addDeal: async ({ title, pipelineId, stageId }) =>
      String(
        await h.sim.controls.addLead({
          name: title,
          pipeline_id: Number(pipelineId),
          status_id: Number(stageId),
        }),
      ),
    dealLimeFields: (id) => {
      const lead = h.sim.state.leads.find((l) => String(l.id) === id);
      const value = (code: string) => {
        const fieldId = h.sim.state.customFields.leads.find((f) => f.code === code)?.id;
        const v = lead?.custom_fields_values?.find((f) => f.field_id === fieldId)?.values[0]?.value;
        return v === undefined || v === null || v === '' ? null : String(v);
      };
      const eventAt = value('LIME_EVENT_AT');
      return {
        preorderId: value('LIME_PREORDER_ID'),
        eventAt: eventAt ? new Date(Number(eventAt) * 1000).toISOString() : null,
        hall: value('LIME_HALL'),
      };
    },
    moveDeal: (id, stageId) => h.sim.controls.moveLead(Number(id), Number(stageId)),
    leadCount: () => h.sim.state.leads.length,
    contactFieldOf: (id, code) => {
      const value = h.sim.state.contacts
        .find((c) => String(c.id) === id)
        ?.custom_fields_values?.find((f) => f.field_id === field(code))?.values[0]?.value;
      return value === undefined || value === null || value === '' ? null : String(value);
    },
    logEntriesOf: (id) =>
      h.sim.state.notes
        .filter(
          (n) =>
            n.note_type === 'service_message' && n.entity_type === 'contacts' && String(n.entity_id) === id,
        )
        .map((n) => String(n.params.service)),
    renameContact: (id, firstName) => h.sim.controls.updateContact(Number(id), { first_name: firstName }),
    deleteStage: (pipelineId, stageId) => h.sim.controls.deleteStatus(Number(pipelineId), Number(stageId)),
    enqueue: h.deps.enqueue,
    async processCrmEvents() {
      await h.sim.controls.deliveriesSettled();
      await h.runJobs();
    },
    amocrm: h,
    close: () => h.close(),
  };
}
