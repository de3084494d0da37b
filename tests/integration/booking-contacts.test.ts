import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertLink } from '@/db/queries/links';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { type BookingApiDeps, type BookingView, bookingActionForClaims } from '@/lib/bookings/booking-api';
import { contactsForClaims, createContactForClaims } from '@/lib/bookings/contact-api';
import { BookingStateError } from '@/lib/bookings/errors';
import { addResource } from '@/lib/bookings/resource-service';
import { InvalidRequestError, NotFoundError } from '@/lib/http/errors';
import type { SimClient } from '@/lib/simulators/lime/types';
import {
  type CrmAccountFixture,
  claimsOf,
  startAmocrmAccount,
  startBitrix24Account,
} from '../support/crm-push-fixtures';
import { type SyncedPark, startSyncedPark } from '../support/synced-park';

/**
 * The booking's client from the deal card, in both CRMs over their simulators (issue 7): a manager
 * finds a CRM contact by a part of its name or by its phone, or creates one; attaching it makes it
 * the deal's main contact in the CRM and gives the booking the contact's Lime client — from the
 * identity map, never from the page. A contact the tenant's CRM does not have cannot be attached,
 * and another tenant's identity map lends nothing.
 */

for (const [name, start, seed] of [
  ['Bitrix24', startBitrix24Account, 741],
  ['amoCRM', startAmocrmAccount, 742],
] as const) {
  describe(`booking contacts, ${name}`, () => {
    let park: SyncedPark;
    let deps: BookingApiDeps;
    let hallId: string;
    let client: SimClient;
    let clientContact: string;
    let day = 10;
    const entityType = name === 'Bitrix24' ? 'deal' : 'lead';
    const crm = () => park.account.crm;
    const claimsFor = (dealId: string, locale: 'ru' | 'en' = 'ru'): EmbedClaims => ({
      ...claimsOf(park.account, false),
      locale,
      entity: { type: entityType, id: dealId },
    });
    async function newDeal(title: string) {
      const [pipeline] = await crm().listPipelines();
      const stage = pipeline?.stages.find((s) => s.semantics === 'process');
      return park.account.addDeal({
        title,
        pipelineId: pipeline?.id as string,
        stageId: stage?.id as string,
      });
    }
    async function book(dealId: string, extra: Record<string, unknown> = {}): Promise<BookingView> {
      const draft = { hallId, date: `2031-04-${day++}`, start: '12:00', end: '14:00', ...extra };
      return (await bookingActionForClaims(deps, claimsFor(dealId), { action: 'create', draft })).booking;
    }
    const attach = async (dealId: string, booking: BookingView, contactId: string | null) =>
      (
        await bookingActionForClaims(deps, claimsFor(dealId), {
          action: 'edit',
          bookingId: booking.id,
          version: booking.version,
          edit: { action: 'contact', contactId },
        })
      ).booking;
    const mainContactOf = async (dealId: string) => (await crm().getDeal(dealId))?.contactIds ?? [];

    beforeAll(async () => {
      park = await startSyncedPark({ start, seed, lime: { seed: 43, clients: 3 } });
      await park.push();
      deps = { ...park.crmDeps(), enqueue: async () => 'job' };
      const scope = { tenantId: park.account.tenantId, locale: 'ru' as const };
      hallId = (
        await addResource(park.t.database.db, { ...scope, input: { kind: 'hall', name: 'Зал «Космос»' } })
      ).id;
      client = park.lime.park.adults().find((c) => c.phoneNumber && c.lastName.length >= 4) as SimClient;
      clientContact = (await park.contactOf(client.id)) as string;
    });
    afterAll(async () => {
      await park?.close();
    });

    it('finds a Lime client’s contact by a part of its last name and by its phone typed any way, with its Lime client', async () => {
      const dealId = await newDeal('Поиск контакта');
      const expected = { id: clientContact, limeClientId: client.id };
      const byName = await contactsForClaims(
        deps,
        claimsFor(dealId),
        new URLSearchParams({ q: client.lastName.slice(1, 4).toUpperCase() }),
      );
      expect(byName.contacts).toContainEqual(expect.objectContaining(expected));
      const national = (client.phoneNumber as string).slice(-10);
      const typed = `8 (${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8)}`;
      const byPhone = await contactsForClaims(deps, claimsFor(dealId), new URLSearchParams({ q: typed }));
      expect(byPhone.contacts).toEqual([
        expect.objectContaining({ ...expected, phones: expect.arrayContaining([`7${national}`]) }),
      ]);
    });

    it('asks for at least two characters, in the host’s language, and only in a deal card', async () => {
      const dealId = await newDeal('Короткий запрос');
      const short = contactsForClaims(deps, claimsFor(dealId), new URLSearchParams({ q: ' я ' }));
      await expect(short).rejects.toBeInstanceOf(InvalidRequestError);
      await expect(short).rejects.toThrow('Введите хотя бы 2 символа имени или телефона.');
      await expect(
        contactsForClaims(deps, claimsFor(dealId, 'en'), new URLSearchParams({ q: 'x' })),
      ).rejects.toThrow('Type at least 2 characters of a name or a phone number.');
      const contactCard = { ...claimsFor(dealId), entity: { type: 'contact' as const, id: clientContact } };
      await expect(
        contactsForClaims(deps, contactCard, new URLSearchParams({ q: client.lastName })),
      ).rejects.toBeInstanceOf(InvalidRequestError);
    });

    it('creates a contact with the phone in digits and the e-mail in lower case; the search finds it then', async () => {
      const dealId = await newDeal('Новый контакт');
      const lastName = `Новикова${seed}`;
      const { contact } = await createContactForClaims(deps, claimsFor(dealId), {
        firstName: ' Варвара ',
        lastName,
        phone: `8 (999) 70${seed}-22`,
        email: 'Varvara.N@Example.RU',
      });
      expect(contact).toEqual({
        id: expect.stringMatching(/^\d+$/),
        name: `Варвара ${lastName}`,
        phones: [`799970${seed}22`],
        emails: ['varvara.n@example.ru'],
        limeClientId: null,
      });
      const [stored] = await crm().getContacts([contact.id]);
      expect(stored).toMatchObject({ firstName: 'Варвара', lastName, phones: [`799970${seed}22`] });
      const found = await contactsForClaims(deps, claimsFor(dealId), new URLSearchParams({ q: lastName }));
      expect(found.contacts.map((c) => c.id)).toEqual([contact.id]);
      const minimal = await createContactForClaims(deps, claimsFor(dealId), { firstName: 'Олег', email: '' });
      expect(minimal.contact).toMatchObject({ name: 'Олег', phones: [], emails: [] });
    });

    it('refuses a new contact without a first name, or with a phone or e-mail that is not one', async () => {
      const dealId = await newDeal('Плохой контакт');
      const made = () => park.account.contactWrites();
      const before = made();
      const refuse = (body: unknown, message: string) =>
        expect(createContactForClaims(deps, claimsFor(dealId), body)).rejects.toThrow(message);
      await refuse(
        { lastName: 'Безымянная' },
        'Укажите имя контакта; фамилия, телефон и e-mail — по желанию.',
      );
      await refuse({ firstName: 'Ира', phone: '12-34' }, 'Телефон указан с ошибкой: нужно от 10 до 15 цифр.');
      await refuse({ firstName: 'Ира', email: 'ira@' }, 'E-mail указан с ошибкой.');
      expect(made()).toBe(before);
    });

    it('attaching makes the contact the deal’s main one and gives the booking its Lime client from the link', async () => {
      const dealId = await newDeal('Бронь с клиентом');
      const booking = await book(dealId);
      expect(booking).toMatchObject({ contactId: null, limeClientId: null });
      const attached = await attach(dealId, booking, clientContact);
      expect(attached).toMatchObject({
        contactId: clientContact,
        limeClientId: client.id,
        version: booking.version + 1,
      });
      expect(await mainContactOf(dealId)).toEqual([clientContact]);

      // A manager's contact has no Lime field; the identity map alone names its Lime client.
      const managers = await park.account.addContact({ name: 'Менеджерская', phone: `+7 999 71${seed}33` });
      await upsertLink(park.t.database.db, {
        tenantId: park.account.tenantId,
        limeType: 'client',
        limeId: '90001',
        crmEntity: 'contact',
        crmId: managers,
      });
      const switched = await attach(dealId, attached, managers);
      expect(switched).toMatchObject({ contactId: managers, limeClientId: 90001 });
      expect(await mainContactOf(dealId)).toEqual([managers, clientContact]);

      const detached = await attach(dealId, switched, null);
      expect(detached).toMatchObject({ contactId: null, limeClientId: null });
      expect(await mainContactOf(dealId)).toEqual([clientContact]);
    });

    it('a contact in the create draft is attached the same way; a Lime client the page sends is not taken', async () => {
      const dealId = await newDeal('Бронь сразу с клиентом');
      const booking = await book(dealId, { contactId: clientContact, limeClientId: 555 });
      expect(booking).toMatchObject({ contactId: clientContact, limeClientId: client.id });
      expect(await mainContactOf(dealId)).toEqual([clientContact]);
      const { contact } = await createContactForClaims(deps, claimsFor(dealId), { firstName: 'Без Лайма' });
      const other = await newDeal('Бронь нового клиента');
      expect(await book(other, { contactId: contact.id, limeClientId: 555 })).toMatchObject({
        contactId: contact.id,
        limeClientId: null,
      });
    });

    it('a refused edit changes nothing in the CRM: another deal’s booking, a stale version', async () => {
      const dealId = await newDeal('Чужая бронь');
      const booking = await attach(dealId, await book(dealId), clientContact);
      const { contact } = await createContactForClaims(deps, claimsFor(dealId), { firstName: 'Посторонний' });
      const elsewhere = await newDeal('Другая карточка');
      const foreign = bookingActionForClaims(deps, claimsFor(elsewhere), {
        action: 'edit',
        bookingId: booking.id,
        version: booking.version,
        edit: { action: 'contact', contactId: contact.id },
      });
      await expect(foreign).rejects.toBeInstanceOf(NotFoundError);
      const stale = attach(dealId, { ...booking, version: booking.version - 1 }, contact.id);
      await expect(stale).rejects.toBeInstanceOf(BookingStateError);
      expect(await mainContactOf(dealId)).toEqual([clientContact]);
      expect(await mainContactOf(elsewhere)).toEqual([]);
    });

    it('a create refused for a conflict leaves the deal’s contact as it was', async () => {
      const first = await newDeal('Первая на это время');
      const taken = await book(first);
      const second = await newDeal('Вторая на это время');
      const refused = bookingActionForClaims(deps, claimsFor(second), {
        action: 'create',
        draft: { hallId, date: taken.date, start: taken.start, end: taken.end, contactId: clientContact },
      });
      await expect(refused).rejects.toMatchObject({ status: 409 });
      expect(await mainContactOf(second)).toEqual([]);
    });

    it('a contact of another CRM account cannot be attached, and another tenant’s links lend no Lime client', async () => {
      const other: CrmAccountFixture = await start(park.t.database, seed + 100);
      try {
        const dealId = await newDeal('Бронь без чужих');
        const booking = await book(dealId);
        let foreignContact = '';
        for (let i = 0; i < 50 && !foreignContact; i++) {
          const id = await other.addContact({
            name: `Чужой ${i}`,
            phone: `+7 999 72${String(i).padStart(5, '0')}`,
          });
          if ((await crm().getContacts([id])).length === 0) foreignContact = id;
        }
        expect(foreignContact).not.toBe('');
        const refused = attach(dealId, booking, foreignContact);
        await expect(refused).rejects.toBeInstanceOf(NotFoundError);
        await expect(refused).rejects.toThrow('Такого контакта нет в CRM (или его удалили).');
        expect(await mainContactOf(dealId)).toEqual([]);

        const ours = await park.account.addContact({ name: 'Своя', phone: `+7 999 73${seed}44` });
        await upsertLink(park.t.database.db, {
          tenantId: other.tenantId,
          limeType: 'client',
          limeId: '424242',
          crmEntity: 'contact',
          crmId: ours,
        });
        expect(await attach(dealId, booking, ours)).toMatchObject({ contactId: ours, limeClientId: null });
        const search = await contactsForClaims(deps, claimsFor(dealId), new URLSearchParams({ q: 'Своя' }));
        expect(search.contacts).toContainEqual(expect.objectContaining({ id: ours, limeClientId: null }));
      } finally {
        await other.close();
      }
    });
  });
}
