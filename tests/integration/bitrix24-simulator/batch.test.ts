import { beforeAll, describe, expect, it } from 'vitest';
import { installFinished, rest, setupBitrix24Simulator, timeShape } from './support';

const SUB_TIME = {
  start: expect.any(Number),
  finish: expect.any(Number),
  duration: expect.any(Number),
  processing: expect.any(Number),
  date_start: expect.any(String),
  date_finish: expect.any(String),
  operating_reset_at: expect.any(Number),
  operating: expect.any(Number),
};

describe('Bitrix24 simulator: batch (settings/how-to-call-rest-api/batch.md)', () => {
  const b24 = setupBitrix24Simulator();
  let token = '';
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
  });

  it('runs the docs example: user.current, then department.get fed by $result[get_user][UF_DEPARTMENT][0]', async () => {
    const { sim } = b24;
    const answer = await rest(
      sim,
      'batch',
      {
        halt: 0,
        cmd: {
          get_user: 'user.current',
          get_department: 'department.get?ID=$result[get_user][UF_DEPARTMENT][0]',
        },
      },
      { token },
    );
    expect(answer.status).toBe(200);
    // Our app has no `department` scope: that command fails the way the docs' halt=0 example does.
    expect(answer.json).toEqual({
      result: {
        result: { get_user: expect.objectContaining({ ID: '1', ACTIVE: true, UF_DEPARTMENT: [1] }) },
        result_error: { get_department: { error: 'insufficient_scope', error_description: '' } },
        result_total: [],
        result_next: [],
        result_time: { get_user: SUB_TIME },
      },
      time: timeShape(),
    });
  });

  it('stops at the first error with halt=1, as the docs example (halt = 1) shows, through a webhook without user scope', async () => {
    const { sim } = b24;
    const hook = sim.controls.createInboundWebhook({ scope: ['crm'] });
    const response = await fetch(`${hook.url}batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        halt: 1,
        cmd: {
          get_user: 'user.current',
          get_department: 'department.get?ID=$result[get_user][UF_DEPARTMENT][0]',
        },
      }),
    });
    expect(await response.json()).toEqual({
      result: {
        result: [],
        result_error: { get_user: { error: 'insufficient_scope', error_description: '' } },
        result_total: [],
        result_next: [],
        result_time: [],
      },
      time: timeShape(),
    });
  });

  it('accepts the docs "HTTP (OAuth)" form: GET with cmd[...] double-encoded in the query', async () => {
    const { sim } = b24;
    const url = `${sim.clientEndpoint}batch?auth=${token}&halt=0&cmd[get_user]=user.current%3F&cmd[get_department]=department.get%3FID%3D%2524result%255Bget_user%255D%255BUF_DEPARTMENT%255D`;
    const answer = await (await fetch(url)).json();
    expect(Object.keys(answer.result.result)).toEqual(['get_user']);
    expect(answer.result.result_error.get_department.error).toBe('insufficient_scope');
  });

  it('chains writes through $result: add a contact, then read and update it in the same batch', async () => {
    const { sim } = b24;
    const answer = await rest(
      sim,
      'batch',
      {
        halt: 1,
        cmd: {
          add: 'crm.contact.add?fields[NAME]=Ольга&fields[PHONE][0][VALUE]=%2B79990001122&fields[PHONE][0][VALUE_TYPE]=MOBILE',
          get: 'crm.contact.get?id=$result[add]',
          list: 'crm.contact.list?filter[PHONE]=%2B79990001122&select[]=ID',
          touch: 'crm.contact.update?id=$result[list][0][ID]&fields[POST]=Мама',
        },
      },
      { token },
    );
    const { result, result_error: errors, result_total: totals } = answer.json.result;
    expect(errors).toEqual([]);
    expect(result.get).toMatchObject({ ID: String(result.add), NAME: 'Ольга' });
    expect(result.list).toEqual([{ ID: String(result.add) }]);
    expect(totals).toEqual({ list: 1 });
    expect(result.touch).toBe(true);
    expect(sim.state.contacts.find((c) => c.id === result.add)?.fields.POST).toBe('Мама');
  });

  it('answers a list-shaped cmd (the SDK array mode) with list-shaped results', async () => {
    const { sim } = b24;
    const answer = await rest(sim, 'batch', { halt: 0, cmd: ['profile', 'scope'] }, { token });
    expect(answer.json.result.result).toEqual([
      expect.objectContaining({ ID: '1' }),
      ['crm', 'placement', 'user_brief'],
    ]);
  });

  it('runs only 50 commands (ERROR_BATCH_LENGTH_EXCEEDED for the rest) and refuses a nested batch', async () => {
    const { sim } = b24;
    const cmd: Record<string, string> = {};
    for (let i = 0; i < 52; i++) cmd[`c${i}`] = `crm.contact.add?fields[NAME]=N${i}`;
    cmd.nested = 'batch?cmd[x]=profile';
    const before = sim.state.contacts.length;
    const answer = await rest(sim, 'batch', { halt: 0, cmd }, { token });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json.result.result)).toHaveLength(50);
    expect(answer.json.result.result_error).toEqual({
      c50: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
      c51: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
      nested: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
    });
    expect(sim.state.contacts.length - before).toBe(50);
    const nested = await rest(
      sim,
      'batch',
      { cmd: { inner: 'batch?cmd[x]=profile', unknown: 'crm.nothing.get' } },
      { token },
    );
    expect(nested.json.result.result_error).toEqual({
      inner: {
        error: 'ERROR_BATCH_METHOD_NOT_ALLOWED',
        error_description: 'Method is not allowed for batch usage',
      },
      unknown: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
    });
  });

  it('does not halt on a CRM error with an empty code (PHP `if ($res["error"] && $halt)`)', async () => {
    const { sim } = b24;
    const answer = await rest(
      sim,
      'batch',
      { halt: 1, cmd: { missing: 'crm.contact.get?id=999999', after: 'profile' } },
      { token },
    );
    expect(answer.json.result.result_error).toEqual({
      missing: { error: '', error_description: 'Not found' },
    });
    expect(answer.json.result.result.after).toMatchObject({ ID: '1' });
  });
});
