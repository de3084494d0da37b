import { describe, expect, it } from 'vitest';
import { formatRubles } from '@/lib/domain/money';
import { LimeInvalidRequestError, LimeProtocolError } from '@/lib/lime/errors';
import {
  decodeWire,
  formatKopecks,
  formatLimeDate,
  formatLimePhone,
  formatLimeTime,
  isKnownLimeEventType,
  type LimeParseContext,
  parseLimeDate,
  parseLimeEvent,
  parseLimeTime,
  toLimeBalances,
  toLimeClient,
  toLimeGood,
} from '@/lib/lime/http/parse';
import { clientSchema, goodTypeSchema, rightSchema, type WireRight } from '@/lib/lime/http/wire-schemas';

/** Pure wire → domain conversions: money units, venue-zone times, phones, balances, events. */

const ctx: LimeParseContext = { timeZone: 'Europe/Moscow', depositGoodTypeId: 2, bonusGoodTypeId: 3 };

function right(partial: Partial<Record<keyof WireRight, unknown>>): WireRight {
  return decodeWire(
    rightSchema,
    { id: 1, goodTypeId: 2, goodTypeName: 'x', amount: 0, from: '2026-01-01T00:00:00', to: null, ...partial },
    'test',
  );
}

describe('Lime times (offset-less, in the venue zone)', () => {
  it('reads an offset-less time in the connection zone', () => {
    expect(parseLimeTime('2026-01-18T15:30:00', 'Europe/Moscow').toISOString()).toBe(
      '2026-01-18T12:30:00.000Z',
    );
    expect(parseLimeTime('2026-01-18T15:30:00', 'Asia/Yekaterinburg').toISOString()).toBe(
      '2026-01-18T10:30:00.000Z',
    );
  });

  it('accepts .NET fractions (7 digits) and minutes-only times', () => {
    expect(parseLimeTime('2026-11-23T12:00:00.1234567', 'Europe/Moscow').toISOString()).toBe(
      '2026-11-23T09:00:00.123Z',
    );
    expect(parseLimeTime('2026-11-23T12:00', 'Europe/Moscow').toISOString()).toBe('2026-11-23T09:00:00.000Z');
  });

  it('honours an explicit offset when Lime sends one', () => {
    expect(parseLimeTime('2026-01-18T15:30:00Z', 'Europe/Moscow').toISOString()).toBe(
      '2026-01-18T15:30:00.000Z',
    );
    expect(parseLimeTime('2026-01-18T15:30:00+05:00', 'Europe/Moscow').toISOString()).toBe(
      '2026-01-18T10:30:00.000Z',
    );
  });

  it.each([
    '2026-02-30T10:00:00',
    '2026-01-18 15:30:00',
    '18.01.2026 15:30',
    '',
    '2026-01-18',
    '2026-01-18T25:00:00',
  ])('refuses %j as a LimeProtocolError', (text) => {
    expect(() => parseLimeTime(text, 'Europe/Moscow')).toThrow(LimeProtocolError);
  });

  it('writes instants as wall-clock time in the zone, without offset or milliseconds', () => {
    const instant = new Date('2026-02-14T09:00:00.789Z');
    expect(formatLimeTime(instant, 'Europe/Moscow')).toBe('2026-02-14T12:00:00');
    expect(formatLimeTime(instant, 'Asia/Yekaterinburg')).toBe('2026-02-14T14:00:00');
    expect(parseLimeTime(formatLimeTime(instant, 'Europe/Berlin'), 'Europe/Berlin').toISOString()).toBe(
      '2026-02-14T09:00:00.000Z',
    );
  });

  it('follows daylight saving in zones that have it', () => {
    expect(formatLimeTime(new Date('2026-07-01T10:00:00Z'), 'Europe/Berlin')).toBe('2026-07-01T12:00:00');
    expect(formatLimeTime(new Date('2026-01-01T10:00:00Z'), 'Europe/Berlin')).toBe('2026-01-01T11:00:00');
  });

  it('reads dates, also as a .NET midnight, and refuses impossible ones', () => {
    expect(parseLimeDate('1990-05-14')).toBe('1990-05-14');
    expect(parseLimeDate('1990-05-14T00:00:00')).toBe('1990-05-14');
    expect(() => parseLimeDate('1990-02-30')).toThrow(LimeProtocolError);
    expect(() => parseLimeDate('1990-05-14T10:00:00')).toThrow(LimeProtocolError);
    expect(formatLimeDate('2018-09-02', 'op')).toBe('2018-09-02');
    expect(() => formatLimeDate('02.09.2018', 'op')).toThrow(LimeInvalidRequestError);
  });
});

describe('phones and kopecks we send', () => {
  it('sends digits only', () => {
    expect(formatLimePhone('+7 (999) 123-45-67', 'op')).toBe('79991234567');
    expect(formatLimePhone('8 999 123 45 67', 'op')).toBe('79991234567');
    expect(formatLimePhone(null, 'op')).toBeNull();
    expect(formatLimePhone('  ', 'op')).toBeNull();
    expect(() => formatLimePhone('call me', 'op')).toThrow(LimeInvalidRequestError);
  });

  it('sends whole kopecks only', () => {
    expect(formatKopecks(50000, 'op')).toBe(50000);
    expect(() => formatKopecks(12.5, 'op')).toThrow(LimeInvalidRequestError);
  });
});

describe('goods (basePrice in rubles → kopecks)', () => {
  it.each([
    [1500, 150000],
    [1500.0, 150000],
    [149.9, 14990],
    ['149.90', 14990],
    [0.1 + 0.2, 30],
    [0, 0],
  ])('basePrice %j → %d kopecks', (basePrice, expected) => {
    const wire = decodeWire(
      goodTypeSchema,
      { id: 55, name: 'Билет', basePrice, categoryId: 7 },
      'GoodTypes/Select',
    );
    expect(toLimeGood(wire, ctx).price).toBe(expected);
  });

  it('refuses a price that is no amount', () => {
    expect(() =>
      decodeWire(goodTypeSchema, { id: 55, name: 'x', basePrice: 'free' }, 'GoodTypes/Select'),
    ).toThrow(LimeProtocolError);
    expect(() => decodeWire(goodTypeSchema, { id: 55, name: 'x' }, 'GoodTypes/Select')).toThrow(/basePrice/);
  });

  it('marks the connection deposit and bonus goods, and reads inactivity', () => {
    const kinds = [2, 3, 55].map(
      (id) => toLimeGood(decodeWire(goodTypeSchema, { id, name: 'g', basePrice: 1 }, 'op'), ctx).kind,
    );
    expect(kinds).toEqual(['deposit', 'bonus', 'regular']);
    const none = { ...ctx, depositGoodTypeId: null, bonusGoodTypeId: null };
    expect(toLimeGood(decodeWire(goodTypeSchema, { id: 2, name: 'g', basePrice: 1 }, 'op'), none).kind).toBe(
      'regular',
    );
    const inactive = decodeWire(goodTypeSchema, { id: 58, name: 'g', basePrice: 1, isActive: false }, 'op');
    expect(toLimeGood(inactive, ctx)).toMatchObject({ active: false, categoryId: null });
  });
});

describe('balances from rights (amounts in kopecks)', () => {
  const now = new Date('2026-03-01T00:00:00Z');

  it('acceptance: deposit right 10000 and bonus right 1700 with an expiry', () => {
    const balances = toLimeBalances(
      [
        right({ goodTypeId: 2, amount: 10000 }),
        right({ id: 2, goodTypeId: 3, amount: 1700, to: '2027-04-29T23:59:59' }),
      ],
      ctx,
      now,
      'op',
    );
    expect(balances.deposit).toBe(10000);
    expect(formatRubles(balances.deposit).replace(/\s/g, ' ')).toBe('100 ₽');
    expect(balances.bonus).toBe(1700);
    expect(formatRubles(balances.bonus).replace(/\s/g, ' ')).toBe('17 ₽');
    expect(balances.bonusExpiresAt?.toISOString()).toBe('2027-04-29T20:59:59.000Z');
    expect(balances.bonusBuckets).toEqual([
      { amount: 1700, expiresAt: new Date('2027-04-29T20:59:59.000Z') },
    ]);
  });

  it('sums several rights, orders buckets by expiry, leaves out empty, expired and other goods', () => {
    const balances = toLimeBalances(
      [
        right({ goodTypeId: 2, amount: 5000 }),
        right({ goodTypeId: 2, amount: 2500 }),
        right({ goodTypeId: 3, amount: 1000, to: null }),
        right({ goodTypeId: 3, amount: 700, to: '2026-12-31T23:59:59' }),
        right({ goodTypeId: 3, amount: 300, to: '2026-06-30T23:59:59' }),
        right({ goodTypeId: 3, amount: 0, to: '2026-03-15T00:00:00' }),
        right({ goodTypeId: 3, amount: 9999, to: '2026-02-01T00:00:00' }),
        right({ goodTypeId: 55, amount: 3 }),
      ],
      ctx,
      now,
      'op',
    );
    expect(balances.deposit).toBe(7500);
    expect(balances.bonus).toBe(2000);
    expect(balances.bonusBuckets.map((b) => b.amount)).toEqual([300, 700, 1000]);
    expect(balances.bonusExpiresAt?.toISOString()).toBe('2026-06-30T20:59:59.000Z');
  });

  it('is zero without rights or without configured goods', () => {
    expect(toLimeBalances([], ctx, now, 'op')).toEqual({
      deposit: 0,
      bonus: 0,
      bonusExpiresAt: null,
      bonusBuckets: [],
    });
    const none = { ...ctx, depositGoodTypeId: null, bonusGoodTypeId: null };
    expect(toLimeBalances([right({ goodTypeId: 2, amount: 5 })], none, now, 'op').deposit).toBe(0);
  });

  it('refuses a fractional amount (kopecks are integers)', () => {
    expect(() => right({ amount: 10.5 })).toThrow(LimeProtocolError);
  });
});

const wireClient = {
  id: 777,
  firstName: 'Анна',
  lastName: 'Иванова',
  middleName: null,
  displayName: 'Анна Иванова',
  phoneNumber: '79991234567',
  email: 'anna@example.ru',
  birthDate: '1990-05-14',
  categoryId: 1,
  cards: [{ id: 4242, uid: 'AC11A1A3', categoryId: 1 }],
  relations: [
    {
      id: 31,
      relationTypeId: 3,
      client: { id: 778, firstName: 'Миша', lastName: 'Иванов', birthDate: '2018-09-02', categoryId: 2 },
    },
  ],
  version: 12,
  updatedAt: '2026-01-18T15:30:00',
  lastVisitAt: '2026-01-18T15:30:00',
};

describe('clients', () => {
  it('reads a client with categories, cards and children', () => {
    const client = toLimeClient(
      decodeWire(clientSchema, wireClient, 'op'),
      {
        ...ctx,
        clientCategories: new Map([
          [1, 'adult'],
          [2, 'child'],
        ]),
        relationTypeNames: new Map([[3, 'Ребёнок']]),
      },
      'op',
    );
    expect(client).toEqual({
      id: 777,
      firstName: 'Анна',
      lastName: 'Иванова',
      middleName: null,
      displayName: 'Анна Иванова',
      phone: '79991234567',
      email: 'anna@example.ru',
      birthDate: '1990-05-14',
      category: 'adult',
      cards: [{ id: 4242, uid: 'AC11A1A3', category: 'adult' }],
      children: [
        {
          clientId: 778,
          firstName: 'Миша',
          lastName: 'Иванов',
          birthDate: '2018-09-02',
          relationId: 31,
          relationTypeId: 3,
          relationTypeName: 'Ребёнок',
        },
      ],
      version: 12,
      updatedAt: new Date('2026-01-18T12:30:00Z'),
      lastVisitAt: new Date('2026-01-18T12:30:00Z'),
    });
  });

  it('without lookups: unknown category and relation name; ids as strings; display name built', () => {
    const client = toLimeClient(
      decodeWire(
        clientSchema,
        {
          id: '5',
          firstName: 'Ян',
          lastName: null,
          phoneNumber: '+7 999 000-11-22',
          version: '1',
          updatedAt: '2026-01-01T00:00:00',
        },
        'op',
      ),
      ctx,
      'op',
    );
    expect(client).toMatchObject({
      id: 5,
      displayName: 'Ян',
      lastName: '',
      phone: '79990001122',
      category: null,
      cards: [],
      children: [],
      version: 1,
      lastVisitAt: null,
    });
  });

  it('refuses a client without version or with a bad time', () => {
    expect(() => decodeWire(clientSchema, { ...wireClient, version: undefined }, 'op')).toThrow(/version/);
    expect(() => decodeWire(clientSchema, { ...wireClient, updatedAt: '18.01.2026' }, 'op')).toThrow(
      LimeProtocolError,
    );
  });
});

describe('parseLimeEvent (feed and webhooks)', () => {
  const envelope = {
    id: 90001,
    seq: 90001,
    time: '2026-01-18T15:30:00',
    origin: { source: 'lime', integration: null },
  };

  it('reads a transaction with its lines in kopecks', () => {
    const event = parseLimeEvent(
      {
        ...envelope,
        type: 'transaction.created',
        data: {
          id: 90001,
          type: 'purchase',
          time: '2026-01-18T15:30:00',
          clientId: 777,
          cardUid: 'AC11A1A3',
          checkId: 123456,
          entries: [{ goodTypeId: 55, goodTypeName: 'Билет', count: 2, price: 150000, total: 300000 }],
          total: 300000,
          servicePoint: null,
          writeOff: null,
          preorderId: null,
        },
      },
      ctx,
    );
    expect(event).toMatchObject({
      id: 90001,
      seq: 90001,
      type: 'transaction.created',
      createdAt: new Date('2026-01-18T12:30:00Z'),
      origin: { source: 'lime', integration: null },
      transaction: {
        type: 'purchase',
        occurredAt: new Date('2026-01-18T12:30:00Z'),
        lines: [{ goodId: 55, name: 'Билет', quantity: 2, price: 150000, total: 300000 }],
        total: 300000,
      },
    });
  });

  it('reads a pass at a service point', () => {
    const event = parseLimeEvent(
      {
        ...envelope,
        type: 'transaction.created',
        data: {
          id: 2,
          type: 'pass',
          time: '2026-01-18T15:30:00',
          clientId: 777,
          cardUid: 'AC11A1A3',
          checkId: null,
          entries: [],
          total: 0,
          servicePoint: { id: 2, name: 'Валидатор', kind: 'validator' },
          writeOff: { kind: 'deposit', goodTypeId: 2, amount: 30000 },
          preorderId: null,
        },
      },
      ctx,
    );
    expect(event.type === 'transaction.created' && event.transaction).toMatchObject({
      servicePoint: { kind: 'validator' },
      writeOff: { kind: 'deposit', goodId: 2, amount: 30000 },
    });
  });

  it('reads client, relation, preorder, good and bonus events, and our own origin', () => {
    const client = parseLimeEvent(
      {
        ...envelope,
        type: 'client.updated',
        origin: { source: 'integration', integration: 'crm-bridge' },
        data: wireClient,
      },
      ctx,
    );
    expect(client).toMatchObject({
      type: 'client.updated',
      origin: { source: 'integration', integration: 'crm-bridge' },
    });
    expect(client.type === 'client.updated' && client.client.children[0]?.relationTypeName).toBe('');

    expect(
      parseLimeEvent(
        {
          ...envelope,
          type: 'client.relation.created',
          data: { clientId: 777, childClientId: 778, relationId: 31 },
        },
        ctx,
      ),
    ).toMatchObject({ parentId: 777, childId: 778, relationId: 31 });

    const preorder = parseLimeEvent(
      {
        ...envelope,
        type: 'preorder.created',
        data: {
          id: 3001,
          number: 'П-3001',
          status: 'new',
          clientId: 777,
          eventTime: '2026-02-14T12:00:00',
          comment: 'ДР',
          items: [{ goodTypeId: 55, goodTypeName: 'Билет', count: 10, price: 150000, total: 1500000 }],
          total: 1500000,
          externalRef: { system: 'bitrix24', entityType: 'deal', id: '4711' },
          version: 1,
          updatedAt: '2026-02-01T10:00:00',
        },
      },
      ctx,
    );
    expect(preorder).toMatchObject({
      preorder: { eventAt: new Date('2026-02-14T09:00:00Z'), total: 1500000, externalRef: { id: '4711' } },
    });

    const good = parseLimeEvent(
      {
        ...envelope,
        type: 'good.updated',
        data: { id: 55, name: 'Билет', basePrice: 1600.5, categoryId: 7, isActive: true },
      },
      ctx,
    );
    expect(good).toMatchObject({ good: { id: 55, price: 160050, kind: 'regular' } });

    expect(parseLimeEvent({ ...envelope, type: 'good.deleted', data: { id: 55 } }, ctx)).toMatchObject({
      goodId: 55,
    });

    const bonus = parseLimeEvent(
      {
        ...envelope,
        type: 'bonus.accrued',
        data: {
          id: 555,
          status: 'applied',
          clientId: 777,
          amount: 50000,
          balanceAfter: 220000,
          time: '2026-01-18T15:30:00',
        },
      },
      ctx,
    );
    expect(bonus).toMatchObject({ accrual: { amount: 50000, balanceAfter: 220000, replayed: false } });
  });

  it.each([
    ['not an object', 'hello'],
    ['null', null],
    ['no data', { ...envelope, type: 'good.deleted' }],
    ['data of the wrong shape', { ...envelope, type: 'good.deleted', data: { id: 'x' } }],
    ['a time with a bad format', { ...envelope, time: 'yesterday', type: 'good.deleted', data: { id: 1 } }],
    [
      'an impossible time',
      { ...envelope, time: '2026-02-30T10:00:00', type: 'good.deleted', data: { id: 1 } },
    ],
    [
      'an unknown origin',
      { ...envelope, origin: { source: 'martians' }, type: 'good.deleted', data: { id: 1 } },
    ],
    ['an unknown type', { ...envelope, type: 'park.closed', data: {} }],
    [
      'a transaction with rubles',
      {
        ...envelope,
        type: 'transaction.created',
        data: { id: 1, type: 'purchase', time: '2026-01-18T15:30:00', total: 12.5 },
      },
    ],
  ])('refuses %s as a LimeProtocolError', (_name, json) => {
    expect(() => parseLimeEvent(json, ctx)).toThrow(LimeProtocolError);
  });

  it('knows the event types of the contract', () => {
    expect(isKnownLimeEventType('preorder.cancelled')).toBe(true);
    expect(isKnownLimeEventType('park.closed')).toBe(false);
  });
});
