import { describe, expect, it } from 'vitest';
import { AmocrmApiError, AmocrmBlockedError, AmocrmReconnectRequiredError } from '@/lib/crm/amocrm/errors';
import {
  Bitrix24ApiError,
  Bitrix24RateLimitedError,
  Bitrix24ReinstallRequiredError,
} from '@/lib/crm/bitrix24/errors';
import { CrmEntityNotFoundError } from '@/lib/crm/crm-port';
import { journalFailure, journalKindOf } from '@/lib/domain/journal';
import { LimeAuthError, LimeCapabilityMissingError, LimeUnreachableError } from '@/lib/lime/errors';
import { plainError } from '@/lib/sync/journal/plain-error';

/**
 * Stored errors in plain words. Each case is an error our adapters raise from the CRMs' real error
 * answers (reference/bitrix24.md §7 and "Sharpened…": `{"error", "error_description"}`, the CRM
 * proxies' empty code, the item API's CRM_FIELD_ERROR_VALUE_NOT_VALID; reference/amocrm.md §5.2: the
 * 400 problem+json with `validation-errors`, the 401 "Token has been revoked", the account-block 403),
 * stored as a writer stores it (message + facts) and, for older rows, as the message alone.
 */

const ru = { locale: 'ru', crm: 'bitrix24' } as const;
const amoRu = { locale: 'ru', crm: 'amocrm' } as const;
const stored = (error: unknown) => journalFailure(error, { job: 'crm.push.bitrix24', payload: {} });
const messageOnly = (error: Error) => ({ error: error.message, details: null });

describe('plain words for Bitrix24 errors', () => {
  const stageRefused = new Bitrix24ApiError(
    'crm.item.add',
    400,
    'CRM_FIELD_ERROR_VALUE_NOT_VALID',
    'Invalid value for field "Stage"',
  );

  it('names the field the portal refused, stored or from the message alone', () => {
    for (const row of [stored(stageRefused), messageOnly(stageRefused)]) {
      const plain = plainError(row, ru);
      expect(plain?.cause).toBe('field-refused');
      expect(plain?.text).toMatch(/^Битрикс24 не принял значение поля «Стадия»/);
      expect(plain?.detail).toBe(stageRefused.message);
    }
    // A Russian portal's own title, and the CRM proxies' empty code.
    const titled = new Bitrix24ApiError(
      'crm.deal.add',
      400,
      '',
      'Не заполнено обязательное поле "Название".',
    );
    expect(plainError(stored(titled), ru)?.text).toMatch(/поля «Название»/);
    expect(plainError(stored(stageRefused), { locale: 'en', crm: 'bitrix24' })?.text).toMatch(
      /^Bitrix24 refused the value of the field «Stage»/,
    );
  });

  it('a refusal that names no field still says the CRM refused, with the raw text', () => {
    const error = new Bitrix24ApiError('crm.item.add', 400, 'ERROR_CORE', 'Некорректное значение');
    expect(plainError(stored(error), ru)).toMatchObject({
      cause: 'value-refused',
      detail: error.message,
    });
  });

  it('rate limits, lost authorization and deleted records', () => {
    const cases: [unknown, string][] = [
      [new Bitrix24RateLimitedError('batch', new Date('2026-01-01T10:00:00Z')), 'rate-limited'],
      [new Bitrix24ApiError('batch', 503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests'), 'rate-limited'],
      [
        new Bitrix24ApiError('crm.item.add', 429, 'OPERATION_TIME_LIMIT', 'Method is blocked'),
        'rate-limited',
      ],
      [new Bitrix24ApiError('profile', 401, 'NO_AUTH_FOUND', 'Wrong authorization data'), 'crm-auth'],
      [
        new Bitrix24ApiError('profile', 401, 'expired_token', 'The access token provided has expired.'),
        'crm-auth',
      ],
      [new Bitrix24ReinstallRequiredError('invalid_grant'), 'crm-auth'],
      [new Bitrix24ApiError('crm.item.get', 400, 'NOT_FOUND', 'Element not found'), 'entity-deleted'],
      [new Bitrix24ApiError('crm.contact.get', 400, '', 'Not found'), 'entity-deleted'],
      [new CrmEntityNotFoundError('deal', '42'), 'entity-deleted'],
    ];
    for (const [error, cause] of cases) {
      expect(plainError(stored(error), ru)?.cause, String(error)).toBe(cause);
      expect(plainError(messageOnly(error as Error), ru)?.cause, `${error} (message)`).toBe(cause);
    }
    expect(plainError(stored(cases[0]?.[0]), ru)?.text).toMatch(/^Битрикс24 попросил подождать/);
    expect(plainError(stored(cases[3]?.[0]), ru)?.text).toMatch(/Установите приложение заново/);
  });
});

describe('plain words for amoCRM errors', () => {
  // reference/amocrm.md §5.2, as the client reads it (api-client.ts parseProblem).
  const validation = new AmocrmApiError('/api/v4/leads', 400, 'Request validation failed', [
    { requestId: '0', path: 'custom_fields_values.0.field_id', code: 'NotSupportedChoice' },
  ]);
  const stage = new AmocrmApiError('/api/v4/leads', 400, 'Request validation failed', [
    { requestId: '0', path: 'status_id', code: 'NotSupportedChoice' },
  ]);

  it('names the refused field from the validation path', () => {
    for (const row of [stored(stage), messageOnly(stage)]) {
      expect(plainError(row, amoRu)?.text).toMatch(/^amoCRM не принял значение поля «Этап»/);
    }
    expect(plainError(stored(validation), amoRu)?.text).toMatch(/поля «Дополнительные поля»/);
    expect(plainError(messageOnly(validation), { locale: 'en', crm: 'amocrm' })?.text).toMatch(
      /field «Custom fields»/,
    );
    const unknownPath = new AmocrmApiError('/api/v4/contacts', 400, 'Request validation failed', [
      { requestId: '0', path: 'first_name', code: 'InvalidType' },
    ]);
    expect(plainError(stored(unknownPath), amoRu)?.text).toMatch(/поля «first_name»/);
  });

  it('401, the account block, 429 and 404', () => {
    const cases: [Error, string][] = [
      [new AmocrmReconnectRequiredError('Token has been revoked'), 'crm-auth'],
      [new AmocrmApiError('/api/v4/leads', 401, 'Unauthorized'), 'crm-auth'],
      [new AmocrmBlockedError('/api/v4/leads'), 'crm-blocked'],
      [new AmocrmApiError('/api/v4/leads/7', 404, 'Not Found'), 'entity-deleted'],
    ];
    for (const [error, cause] of cases) {
      expect(plainError(stored(error), amoRu)?.cause, error.message).toBe(cause);
      expect(plainError(messageOnly(error), amoRu)?.cause, `${error.message} (message)`).toBe(cause);
    }
    expect(plainError(stored(cases[0]?.[0]), amoRu)?.text).toMatch(/Подключите её заново/);
  });
});

describe('plain words for Lime and the rest', () => {
  it('Lime unreachable, lacking the operation (404 on an assumed path), refusing the token', () => {
    expect(
      plainError(stored(new LimeUnreachableError('connect ECONNREFUSED', 'GoodTypes/Select')), ru),
    ).toMatchObject({
      cause: 'lime-unreachable',
      text: expect.stringMatching(/^Сервер Лайма не отвечает/),
    });
    expect(
      plainError(stored(new LimeCapabilityMissingError('404 on Changes/Select', 'Changes/Select')), ru)
        ?.cause,
    ).toBe('lime-capability');
    expect(
      plainError(
        messageOnly(new Error('Lime has no change feed here (404); the poller will try again in an hour')),
        ru,
      )?.cause,
    ).toBe('lime-capability');
    expect(
      plainError(stored(new LimeAuthError('401 from Lime', 'ClientManagement/Select')), ru)?.text,
    ).toMatch(/Лайм не принял токен/);
  });

  it('anything else: a generic sentence and the raw text; nothing without an error', () => {
    expect(plainError({ error: 'socket hang up', details: { errorCode: 'ECONNRESET' } }, ru)).toEqual({
      cause: 'unknown',
      text: 'Операция не удалась. Причина — в подробностях ниже.',
      detail: 'socket hang up',
    });
    expect(plainError({ error: null, details: null }, ru)).toBeNull();
    // A row set aside on purpose is not called a failure; an entity gone before it was read is named.
    expect(
      plainError({ error: 'no hall for this pre-order', details: null, status: 'skipped' }, ru)?.text,
    ).toBe('Пропущено намеренно. Причина — в подробностях ниже.');
    expect(plainError({ error: 'not found', details: null, status: 'skipped' }, ru)?.cause).toBe(
      'entity-deleted',
    );
    expect(plainError({ error: '  ', details: null }, ru)).toBeNull();
  });
});

describe('entity kinds', () => {
  it('from the operation, or as the writer named it', () => {
    expect(journalKindOf({ operation: 'crm.deals.upsert' })).toBe('deals');
    expect(journalKindOf({ operation: 'lead.changed' })).toBe('deals');
    expect(journalKindOf({ operation: 'contact.deleted' })).toBe('contacts');
    expect(journalKindOf({ operation: 'crm.preorder-deals.upsert' })).toBe('preorders');
    expect(journalKindOf({ operation: 'lime.client.update' })).toBe('lime-clients');
    expect(journalKindOf({ operation: 'lime.poll' })).toBe('lime-events');
    expect(journalKindOf({ operation: 'amocrm.connect' })).toBe('connection');
    expect(journalKindOf({ operation: 'crm.push.amocrm' })).toBe('sync');
    expect(journalKindOf({ operation: 'journal.retry', details: { kind: 'deals' } })).toBe('deals');
    expect(journalKindOf({ operation: 'journal.retry', details: { kind: 'nonsense' } })).toBe('sync');
  });

  it('a failure keeps its facts and what to retry', () => {
    expect(
      stored(new Bitrix24ApiError('crm.item.add', 400, 'CRM_FIELD_ERROR_VALUE_NOT_VALID', 'x')).details,
    ).toEqual({
      errorCode: 'BITRIX24_API_ERROR',
      httpStatus: 400,
      crmCode: 'CRM_FIELD_ERROR_VALUE_NOT_VALID',
      retry: { job: 'crm.push.bitrix24', payload: {} },
    });
  });
});
