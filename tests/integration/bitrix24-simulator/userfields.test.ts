import { beforeAll, describe, expect, it } from 'vitest';
import { installFinished, rest, setupBitrix24Simulator, timeShape } from './support';

/** crm-contact-userfield-add.md, "Example of Creating a Custom Field of Type String". */
const DOC_STRING_FIELD = {
  LABEL: "Field 'Hello, world!'",
  USER_TYPE_ID: 'string',
  FIELD_NAME: 'HELLO_WORLD',
  MULTIPLE: 'Y',
  MANDATORY: 'Y',
  SHOW_FILTER: 'Y',
  SETTINGS: { DEFAULT_VALUE: 'Hello, world! Default value', ROWS: 3 },
  SORT: 1000,
  EDIT_IN_LIST: 'Y',
  LIST_FILTER_LABEL: 'Hello, world! Filter',
  LIST_COLUMN_LABEL: { en: 'Hello, World! Column', de: 'Hallo, Welt! Spalte' },
};

/** The same page, the enumeration example. */
const DOC_ENUM_FIELD = {
  LABEL: 'Custom field (list)',
  USER_TYPE_ID: 'enumeration',
  FIELD_NAME: 'ENUMERATION_EXAMPLE',
  MULTIPLE: 'N',
  MANDATORY: 'N',
  SHOW_FILTER: 'Y',
  LIST: [1, 2, 3, 4].map((n) => ({
    VALUE: `List item #${n}`,
    DEF: n === 1 ? 'Y' : 'N',
    XML_ID: `XML_ID_${n}`,
    SORT: n * 100,
  })),
  SETTINGS: { DISPLAY: 'UI', LIST_HEIGHT: 2 },
  SORT: 2000,
};

describe('Bitrix24 simulator: crm.contact.userfield.* and crm.deal.userfield.*', () => {
  const b24 = setupBitrix24Simulator();
  let token = '';
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
  });

  it('creates the doc examples (`{"result": <field id>}`) with the UF_CRM_ prefix', async () => {
    const { sim } = b24;
    const string = await rest(sim, 'crm.contact.userfield.add', { fields: DOC_STRING_FIELD }, { token });
    expect(string.json).toEqual({ result: expect.any(Number), time: timeShape() });
    const list = await rest(sim, 'crm.contact.userfield.add', { fields: DOC_ENUM_FIELD }, { token });
    expect(list.json.result).toEqual(expect.any(Number));
    const all = await rest(sim, 'crm.contact.userfield.list', { order: { SORT: 'ASC' } }, { token });
    expect(all.json.result).toEqual([
      {
        ID: String(string.json.result),
        ENTITY_ID: 'CRM_CONTACT',
        FIELD_NAME: 'UF_CRM_HELLO_WORLD',
        USER_TYPE_ID: 'string',
        XML_ID: null,
        SORT: '1000',
        MULTIPLE: 'Y',
        MANDATORY: 'Y',
        SHOW_FILTER: 'E',
        SHOW_IN_LIST: 'N',
        EDIT_IN_LIST: 'Y',
        IS_SEARCHABLE: 'N',
        SETTINGS: {
          SIZE: 20,
          ROWS: 3,
          REGEXP: '',
          MIN_LENGTH: 0,
          MAX_LENGTH: 0,
          DEFAULT_VALUE: 'Hello, world! Default value',
        },
      },
      expect.objectContaining({
        FIELD_NAME: 'UF_CRM_ENUMERATION_EXAMPLE',
        USER_TYPE_ID: 'enumeration',
        LIST: DOC_ENUM_FIELD.LIST.map((item) => ({
          ID: expect.stringMatching(/^\d+$/),
          SORT: String(item.SORT),
          VALUE: item.VALUE,
          DEF: item.DEF,
          XML_ID: item.XML_ID,
        })),
      }),
    ]);
    const filtered = await rest(
      sim,
      'crm.contact.userfield.list',
      { filter: { FIELD_NAME: 'UF_CRM_HELLO_WORLD' } },
      { token },
    );
    expect(filtered.json.result).toHaveLength(1);
  });

  it('refuses duplicates (ERROR_CORE), long or invalid names, missing fields, and non-admins', async () => {
    const { sim } = b24;
    const add = (fields: Record<string, unknown>, auth = token) =>
      rest(sim, 'crm.contact.userfield.add', { fields }, { token: auth });
    const dup = await add({ USER_TYPE_ID: 'string', FIELD_NAME: 'UF_HELLO_WORLD' });
    expect(dup.status).toBe(400);
    expect(dup.json.error).toBe('ERROR_CORE');
    expect((await add({ USER_TYPE_ID: 'string', FIELD_NAME: 'X'.repeat(44) })).json).toEqual({
      error: 'ERROR_CORE',
      error_description: 'Field name is too long (more than 50 characters).',
    });
    expect((await add({ USER_TYPE_ID: 'string', FIELD_NAME: 'lime-id' })).json.error_description).toMatch(
      /invalid characters/,
    );
    expect((await add({ FIELD_NAME: 'NO_TYPE' })).json).toEqual({
      error: '',
      error_description: "The 'USER_TYPE_ID' field is not found.",
    });
    const manager = sim.controls.addUser({ admin: false });
    const auth = sim.controls.frame({ placement: 'DEFAULT', userId: manager }).form.AUTH_ID;
    expect((await add({ USER_TYPE_ID: 'string', FIELD_NAME: 'MINE' }, auth)).json).toEqual({
      error: '',
      error_description: 'Access denied.',
    });
  });

  it('stores values on contacts: multiple strings as lists, enumerations by item id, required fields enforced', async () => {
    const { sim } = b24;
    const missing = await rest(sim, 'crm.contact.add', { fields: { NAME: 'Без поля' } }, { token });
    expect(missing.json).toEqual({
      error: '',
      error_description: `The "Field 'Hello, world!'" field is required.`,
    });
    const def = sim.state.userFields.CRM_CONTACT.find((d) => d.FIELD_NAME === 'UF_CRM_ENUMERATION_EXAMPLE');
    const second = def?.LIST[1]?.ID;
    const id = (
      await rest(
        sim,
        'crm.contact.add',
        {
          fields: {
            NAME: 'С полем',
            UF_CRM_HELLO_WORLD: ['Маша, 2018-05-17', 'Петя, 2020-01-09'],
            UF_CRM_ENUMERATION_EXAMPLE: second,
          },
        },
        { token },
      )
    ).json.result;
    const got = (await rest(sim, 'crm.contact.get', { id }, { token })).json.result;
    expect(got.UF_CRM_HELLO_WORLD).toEqual(['Маша, 2018-05-17', 'Петя, 2020-01-09']);
    expect(got.UF_CRM_ENUMERATION_EXAMPLE).toBe(String(second));
  });

  it('keeps plain UF_CRM_* fields across an uninstall and reinstall', async () => {
    const { sim } = b24;
    await sim.controls.uninstall();
    const fresh = (await installFinished(sim)).token;
    const names = (await rest(sim, 'crm.contact.userfield.list', {}, { token: fresh })).json.result.map(
      (f: { FIELD_NAME: string }) => f.FIELD_NAME,
    );
    expect(names).toEqual(['UF_CRM_HELLO_WORLD', 'UF_CRM_ENUMERATION_EXAMPLE']);
    const deal = await rest(
      sim,
      'crm.deal.userfield.add',
      { fields: { USER_TYPE_ID: 'string', FIELD_NAME: 'LIME_CHECK_ID' } },
      { token: fresh },
    );
    expect(deal.json.result).toEqual(expect.any(Number));
    const dealFields = await rest(sim, 'crm.deal.userfield.list', {}, { token: fresh });
    expect(
      dealFields.json.result.map((f: { ENTITY_ID: string; FIELD_NAME: string }) => [
        f.ENTITY_ID,
        f.FIELD_NAME,
      ]),
    ).toEqual([['CRM_DEAL', 'UF_CRM_LIME_CHECK_ID']]);
  });
});
