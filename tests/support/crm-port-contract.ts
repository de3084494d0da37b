import { describe, expect, it } from 'vitest';
import { type CrmContactKeys, CrmEntityNotFoundError, type CrmPort } from '@/lib/crm/crm-port';
import { kopecks } from '@/lib/domain/money';
import { describeDealUpdateContract } from './crm-port-contract-deals';
import { describeLeadContract } from './crm-port-contract-leads';
import { describeContactSearchContract } from './crm-port-contract-search';
import { describeStageMovesContract } from './crm-port-contract-stages';
import { contact, limeFields, unique } from './crm-port-inputs';

/**
 * The CrmPort contract: what feature code may rely on, whichever CRM is behind the port. Each
 * adapter runs it against its simulator (tests/integration/crm-port-*.test.ts).
 */

export interface ContractFixture {
  crm: CrmPort;
  /** A note the CRM shows on the entity, read back from the simulator. */
  notesOf(entity: 'contact' | 'deal', id: string): Promise<string[]>;
  /** The system log entries on the entity, as "title: text". */
  logEntriesOf(entity: 'contact' | 'deal', id: string): Promise<string[]>;
  /** A contact made by a manager in the CRM, with a phone in the CRM's own format. */
  managerContact(input: { firstName: string; phone: string }): Promise<string>;
  /** A new manager of the CRM: a user other than the one the integration acts as. */
  managerUser(): Promise<string>;
  /** The tasks on the entity, as the CRM keeps them, in domain terms (dueAt in UTC ISO 8601). */
  tasksOf(entity: 'contact' | 'deal', id: string): Promise<CrmTaskFact[]>;
  /** A lead as the CRM keeps it, in domain terms; null when the CRM has no such lead. */
  leadOf(leadId: string): Promise<CrmLeadFact | null>;
  /** `count` contacts a manager entered, each with a phone 7999<7 digits from `firstPhone`>. */
  manyManagerContacts(count: number, firstPhone: number): Promise<void>;
  /** How many leads and contacts the CRM holds now (to see that a call made none). */
  entityCounts(): Promise<{ leads: number; contacts: number }>;
  /** The deal's hall field as the CRM stores it; null when empty. */
  dealHallOf(dealId: string): Promise<string | null>;
  /** The CRM's clock now. */
  now(): Date;
  /** Moves the CRM's clock on (what it stamps on history, events and tokens). */
  later(seconds: number): Promise<void>;
}

/**
 * What the CRM shows of a lead: its title, the client's phones (digits) and e-mails (lower case) —
 * on the lead itself (Bitrix24) or on its main contact (amoCRM) — that contact, and who is responsible.
 */
export interface CrmLeadFact {
  title: string;
  phones: string[];
  emails: string[];
  contactId: string | null;
  responsibleUserId: string;
}

export interface CrmTaskFact {
  id: string;
  text: string;
  dueAt: string;
  responsibleUserId: string;
}

export function describeCrmPortContract(name: string, fixture: () => ContractFixture): void {
  describe(`CrmPort contract: ${name}`, () => {
    it('creates a contact and reads it back in domain terms', async () => {
      const { crm } = fixture();
      const input = contact({ phone: '79991234501', email: 'Mixed.Case@Example.RU' });
      const [result] = await crm.upsertContacts([{ id: null, input }]);
      expect(result?.created).toBe(true);
      const [read] = await crm.getContacts([result?.id as string]);
      expect(read).toMatchObject({
        id: result?.id,
        firstName: 'Анна',
        lastName: input.lastName,
        birthDate: '1990-05-17',
      });
      expect(read?.phones).toContain('79991234501');
      expect(read?.emails).toContain('mixed.case@example.ru');
    });

    it('finds contacts by phone in any format and by e-mail; nothing found is an empty list', async () => {
      const { crm, managerContact } = fixture();
      const id = await managerContact({ firstName: 'Менеджер', phone: '+7 (999) 123-45-02' });
      expect(await crm.findContactIds({ phones: ['89991234502'] })).toEqual([id]);
      const input = contact({ email: `find.${unique()}@example.ru` });
      const [made] = await crm.upsertContacts([{ id: null, input }]);
      expect(await crm.findContactIds({ emails: [input.email as string] })).toEqual([made?.id]);
      expect(await crm.findContactIds({ phones: ['79990000000'], emails: ['nobody@example.ru'] })).toEqual(
        [],
      );
      expect(await crm.findContactIds({})).toEqual([]);
    });

    it('scans every contact once, page after page, with its phones, e-mails and Lime client', async () => {
      const { crm, manyManagerContacts } = fixture();
      await manyManagerContacts(2_600, 3_000_000);
      const lime = limeFields();
      const input = contact({ lime, phone: '79994000001', email: `scan.${unique()}@example.ru` });
      const [made] = await crm.upsertContacts([{ id: null, input }]);
      const seen = new Map<string, CrmContactKeys>();
      let pages = 0;
      for (let cursor: string | null = null; ; ) {
        const page = await crm.scanContacts(cursor);
        pages++;
        for (const c of page.contacts) {
          expect(seen.has(c.id)).toBe(false);
          seen.set(c.id, c);
        }
        if (page.next === null) break;
        cursor = page.next;
      }
      expect(pages).toBeGreaterThan(1);
      expect(seen.get(made?.id as string)).toEqual({
        id: made?.id,
        phones: ['79994000001'],
        emails: [input.email],
        limeClientId: lime.limeClientId,
      });
      const bulk = [...seen.values()].filter((c) => c.phones[0]?.startsWith('79993'));
      expect(bulk).toHaveLength(2_600);
      expect(
        bulk
          .map((c) => c.phones[0])
          .sort()
          .at(-1),
      ).toBe('79993002599');
      expect(seen.size).toBe((await fixture().entityCounts()).contacts);
    });

    it('an update adds our phone and keeps the one a manager entered', async () => {
      const { crm, managerContact } = fixture();
      const id = await managerContact({ firstName: 'Ирина', phone: '+7 999 123-45-03' });
      const [result] = await crm.upsertContacts([
        { id, input: contact({ firstName: 'Ирина', phone: '79991234504' }) },
      ]);
      expect(result).toEqual({ id, created: false });
      const [read] = await crm.getContacts([id]);
      expect(read?.phones.sort()).toEqual(['79991234503', '79991234504']);
    });

    it('creating a contact for the same Lime client twice makes one contact', async () => {
      const { crm } = fixture();
      const lime = limeFields();
      const input = contact({ lime });
      const [first] = await crm.upsertContacts([{ id: null, input }]);
      const [again] = await crm.upsertContacts([{ id: null, input }]);
      expect(again).toEqual({ id: first?.id, created: false });
      const [read] = await crm.getContacts([first?.id as string]);
      expect(read?.limeClientId).toBe(lime.limeClientId);
    });

    it('reads and writes more contacts than one request carries', async () => {
      const { crm } = fixture();
      const results = await crm.upsertContacts(
        Array.from({ length: 60 }, () => ({ id: null, input: contact() })),
      );
      expect(results).toHaveLength(60);
      expect(new Set(results.map((r) => r.id)).size).toBe(60);
      const read = await crm.getContacts(results.map((r) => r.id));
      expect(read.map((c) => c.id)).toEqual(results.map((r) => r.id));
    });

    it('products are created by external key, then updated in place', async () => {
      const { crm } = fixture();
      const key = `good-${unique()}`;
      const [made] = await crm.upsertProducts([
        { externalKey: key, name: 'Билет «Весь день»', price: kopecks(90_000), active: true },
      ]);
      expect(made?.created).toBe(true);
      const [again] = await crm.upsertProducts([
        { externalKey: key, name: 'Билет «Весь день» (будни)', price: kopecks(80_000), active: true },
      ]);
      expect(again).toEqual({ id: made?.id, created: false });
    });

    it('a deal is created once per external key, with its product rows; an update replaces the rows', async () => {
      const { crm } = fixture();
      const pipelines = await crm.listPipelines();
      const pipeline = pipelines[0];
      expect(pipeline?.isDefault).toBe(true);
      const stage = pipeline?.stages.find((s) => s.semantics === 'process');
      const [customer] = await crm.upsertContacts([{ id: null, input: contact() }]);
      const [product] = await crm.upsertProducts([
        { externalKey: `good-${unique()}`, name: 'Батут, 1 час', price: kopecks(50_000), active: true },
      ]);
      const key = `lime-check:${unique()}`;
      const input = {
        externalKey: key,
        title: 'Покупка в Лайме',
        pipelineId: pipeline?.id as string,
        stageId: stage?.id as string,
        contactId: customer?.id as string,
        amount: kopecks(125_050),
        responsibleUserId: null,
        limeCheckId: '777',
        products: [
          { productId: product?.id as string, name: 'Батут, 1 час', price: kopecks(50_000), quantity: 2 },
          { productId: null, name: 'Носки', price: kopecks(25_050), quantity: 1 },
        ],
      };
      const made = await crm.upsertDeal(input);
      expect(made.created).toBe(true);
      const again = await crm.upsertDeal({
        ...input,
        products: input.products.slice(0, 1),
        amount: kopecks(100_000),
      });
      expect(again).toEqual({ id: made.id, created: false });
      const deal = await crm.getDeal(made.id);
      expect(deal).toMatchObject({
        id: made.id,
        pipelineId: pipeline?.id,
        stageId: stage?.id,
        contactIds: [customer?.id],
        amount: 100_000,
        externalKey: key,
      });
      expect(deal?.products).toEqual([
        { productId: product?.id, name: 'Батут, 1 час', price: 50_000, quantity: 2 },
      ]);
    });

    it('reads many deals at once without their rows, in the order asked, leaving out unknown ids', async () => {
      const { crm } = fixture();
      const [pipeline] = await crm.listPipelines();
      const stage = pipeline?.stages.find((s) => s.semantics === 'process');
      const [customer] = await crm.upsertContacts([{ id: null, input: contact() }]);
      const deal = (title: string, contactId: string | null) =>
        crm.upsertDeal({
          externalKey: `lime-check:${unique()}`,
          title,
          pipelineId: pipeline?.id as string,
          stageId: stage?.id as string,
          contactId,
          amount: kopecks(30_000),
          responsibleUserId: null,
          products: [],
        });
      const first = await deal('Выпускной', customer?.id as string);
      const second = await deal('Без контакта', null);
      const read = await crm.getDealSummaries([second.id, '99999999', first.id]);
      expect(read.map((d) => [d.id, d.title, d.contactIds, d.amount])).toEqual([
        [second.id, 'Без контакта', [], 30_000],
        [first.id, 'Выпускной', [customer?.id], 30_000],
      ]);
      expect(read[0]).not.toHaveProperty('products');
    });

    it('an unknown deal is null', async () => {
      const { crm } = fixture();
      expect(await crm.getDeal('99999999')).toBeNull();
    });

    it('notes land in the entity timeline', async () => {
      const { crm, notesOf } = fixture();
      const [made] = await crm.upsertContacts([{ id: null, input: contact() }]);
      await crm.addNote({
        entity: 'contact',
        id: made?.id as string,
        text: 'Начислено 500 бонусов: день рождения',
      });
      expect(await notesOf('contact', made?.id as string)).toContain('Начислено 500 бонусов: день рождения');
    });

    it('log entries land in the timeline with their title', async () => {
      const { crm, logEntriesOf } = fixture();
      const [made] = await crm.upsertContacts([{ id: null, input: contact() }]);
      await crm.addLogEntry({
        entity: 'contact',
        id: made?.id as string,
        title: 'Лайм: проход',
        text: 'Турникет «Вход», 09:41',
      });
      expect(await logEntriesOf('contact', made?.id as string)).toEqual([
        'Лайм: проход: Турникет «Вход», 09:41',
      ]);
    });

    it('many log entries at once, each with its outcome: an entity the CRM lacks is not_found, the rest are written', async () => {
      const { crm, logEntriesOf } = fixture();
      const made = await crm.upsertContacts([
        { id: null, input: contact() },
        { id: null, input: contact() },
      ]);
      const [first, second] = made.map((m) => m.id);
      const entry = (id: string, n: number) => ({
        entity: 'contact' as const,
        id,
        title: `Бонусы: ${n}`,
        text: `Начислено ${n} ₽`,
      });
      expect(
        await crm.addLogEntries([
          entry(first as string, 100),
          entry('99999999', 200),
          entry(second as string, 300),
          entry(first as string, 400),
        ]),
      ).toEqual(['written', 'not_found', 'written', 'written']);
      expect(await logEntriesOf('contact', first as string)).toEqual([
        'Бонусы: 100: Начислено 100 ₽',
        'Бонусы: 400: Начислено 400 ₽',
      ]);
      expect(await logEntriesOf('contact', second as string)).toEqual(['Бонусы: 300: Начислено 300 ₽']);
      expect(await crm.addLogEntries([])).toEqual([]);
    });

    it('a task lands on the contact and on the deal, due when asked, for the responsible user', async () => {
      const { crm, tasksOf, managerUser } = fixture();
      const [customer] = await crm.upsertContacts([{ id: null, input: contact() }]);
      const contactId = customer?.id as string;
      const [pipeline] = await crm.listPipelines();
      const deal = await crm.upsertDeal({
        externalKey: `lime-booking:${unique()}`,
        title: 'Бронь: день рождения',
        pipelineId: pipeline?.id as string,
        stageId: pipeline?.stages.find((s) => s.semantics === 'process')?.id as string,
        contactId,
        amount: kopecks(0),
        responsibleUserId: null,
        products: [],
      });
      const manager = await managerUser();
      const call = await crm.addTask({
        entity: 'contact',
        id: contactId,
        text: 'Позвонить: 3 балла в опросе NPS',
        dueAt: '2026-12-01T09:30:00Z',
        responsibleUserId: manager,
      });
      const confirm = await crm.addTask({
        entity: 'deal',
        id: deal.id,
        text: 'Подтвердить бронь\nЗал «Джунгли», 12 детей',
        dueAt: '2026-12-02T10:00:00+03:00',
        responsibleUserId: null,
      });
      expect(call.id).not.toBe(confirm.id);
      expect(await tasksOf('contact', contactId)).toEqual([
        {
          id: call.id,
          text: 'Позвонить: 3 балла в опросе NPS',
          dueAt: '2026-12-01T09:30:00.000Z',
          responsibleUserId: manager,
        },
      ]);
      const [onDeal, ...more] = await tasksOf('deal', deal.id);
      expect(more).toEqual([]);
      expect(onDeal).toMatchObject({
        id: confirm.id,
        text: 'Подтвердить бронь\nЗал «Джунгли», 12 детей',
        dueAt: '2026-12-02T07:00:00.000Z',
      });
      // No responsible user given: the CRM's default, the user the integration acts as.
      expect(onDeal?.responsibleUserId).not.toBe(manager);
      expect((await crm.listUsers()).map((u) => u.id)).toContain(onDeal?.responsibleUserId);
    });

    it('a task on a contact or deal the CRM does not have is refused, not dropped', async () => {
      const { crm, tasksOf } = fixture();
      for (const entity of ['contact', 'deal'] as const) {
        const task = crm.addTask({
          entity,
          id: '99999999',
          text: 'Позвонить',
          dueAt: '2026-12-01T09:30:00Z',
          responsibleUserId: null,
        });
        await expect(task).rejects.toBeInstanceOf(CrmEntityNotFoundError);
        await expect(task).rejects.toMatchObject({ code: 'CRM_ENTITY_NOT_FOUND', entity, id: '99999999' });
        expect(await tasksOf(entity, '99999999')).toEqual([]);
      }
    });

    describeLeadContract(fixture);
    describeDealUpdateContract(fixture);
    describeStageMovesContract(fixture);
    describeContactSearchContract(fixture);

    it('lists pipelines with stages (default first) and active users', async () => {
      const { crm } = fixture();
      const pipelines = await crm.listPipelines();
      expect(pipelines.length).toBeGreaterThan(0);
      expect(pipelines.filter((p) => p.isDefault)).toHaveLength(1);
      for (const pipeline of pipelines) {
        expect(pipeline.stages.length).toBeGreaterThan(0);
        expect(pipeline.stages.map((s) => s.semantics)).toContain('success');
      }
      const users = await crm.listUsers();
      expect(users.length).toBeGreaterThan(0);
      expect(users.every((u) => u.id && u.name)).toBe(true);
    });
  });
}
