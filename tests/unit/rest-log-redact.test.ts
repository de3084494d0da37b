import { describe, expect, it } from 'vitest';
import { REST_LOG_BODY_LIMIT, redactBody, redactUrl } from '@/lib/rest-log/redact';

describe('the REST log redaction', () => {
  it('redacts secrets at any depth of JSON and keeps the rest', () => {
    const body = redactBody({
      auth: 'b24-access',
      fields: { NAME: 'Анна', nested: [{ refresh_token: 'r1', Authorization: 'Bearer x' }] },
      client_secret: 'cs',
      note: 'sent with Bearer abc.def and ?access_token=zzz',
    });
    expect(JSON.parse(body as string)).toEqual({
      auth: '[Redacted]',
      fields: { NAME: 'Анна', nested: [{ refresh_token: '[Redacted]', Authorization: '[Redacted]' }] },
      client_secret: '[Redacted]',
      note: 'sent with Bearer [Redacted] and ?access_token=[Redacted]',
    });
  });

  it('redacts form bodies, bracketed keys included, and JSON text', () => {
    expect(redactBody('grant_type=password&username=admin&password=p%40ss&client_id=Jade.Api')).toBe(
      'grant_type=password&username=[Redacted]&password=[Redacted]&client_id=Jade.Api',
    );
    expect(redactBody('auth%5Baccess_token%5D=t0k&id=5')).toBe('auth%5Baccess_token%5D=[Redacted]&id=5');
    expect(redactBody('{"access_token":"a1","expires_in":3600}')).toBe(
      '{"access_token":"[Redacted]","expires_in":3600}',
    );
  });

  it('redacts a webhook path and secret query values in URLs', () => {
    expect(redactUrl('https://p.bitrix24.ru/rest/1/abc123secret/crm.contact.list?auth=t&id=1')).toBe(
      'https://p.bitrix24.ru/rest/1/[Redacted]/crm.contact.list?auth=[Redacted]&id=1',
    );
  });

  it('cuts long bodies, and scrubs a cut or huge JSON answer as text', () => {
    const long = JSON.stringify({ items: 'x'.repeat(20_000), access_token: 'late-secret' });
    const kept = redactBody(long) as string;
    expect(kept.length).toBeLessThan(REST_LOG_BODY_LIMIT + 40);
    expect(kept).toMatch(/…\[truncated: \d+ characters\]$/);
    const huge = `{"refresh_token":"early-secret","rows":"${'y'.repeat(300_000)}"}`;
    const head = redactBody(huge) as string;
    expect(head).toContain('"refresh_token":"[Redacted]"');
    expect(head).not.toContain('early-secret');
    expect(redactBody('{"password":"cut-sho')).toBe('{"password":"[Redacted]"');
    expect(redactBody(undefined)).toBeNull();
  });
});
