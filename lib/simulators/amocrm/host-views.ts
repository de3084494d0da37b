import { esc } from '../shared/html';
import type { AccountCore } from './core';
import { type Texts, type Viewer, viewerQuery } from './host-layout';
import type { Contact, CustomFieldValue, Lead } from './types';

/**
 * What the account pages show of the store: a card's fields panel (name, phones, e-mails, the
 * other custom fields, the responsible user; for a lead also its stage, budget and contacts), a
 * list's rows, and the rows as `list_selected()` gives them to the widget (`{id, type, phones,
 * emails}`, reference §1.4).
 */

export interface SelectedRow {
  id: number;
  type: 'contact' | 'lead';
  name: string;
  phones: string[];
  emails: string[];
}

const userName = (core: AccountCore, id: number) => core.account.users.find((u) => u.id === id)?.name ?? '';

function fieldValues(
  core: AccountCore,
  kind: 'contacts' | 'leads',
  values: CustomFieldValue[],
  code: string,
) {
  const def = core.account.fields[kind].find((f) => f.code === code);
  return values.filter((v) => v.field_id === def?.id).flatMap((v) => v.values.map((x) => String(x.value)));
}

/** Label and value (HTML) pairs of the custom fields: PHONE and EMAIL under the page's words. */
function customFields(core: AccountCore, kind: 'contacts' | 'leads', values: CustomFieldValue[], t: Texts) {
  return values.map((cfv) => {
    const def = core.account.fields[kind].find((f) => f.id === cfv.field_id);
    const label = def?.code === 'PHONE' ? t.phone : def?.code === 'EMAIL' ? t.email : (def?.name ?? '');
    return { label, html: cfv.values.map((v) => esc(String(v.value))).join('<br>') };
  });
}

const cardLink = (viewer: Viewer, kind: 'contacts' | 'leads', id: number, text: string) =>
  `<a href="${esc(`/${kind}/detail/${id}?${viewerQuery(viewer)}`)}">${esc(text)}</a>`;

function stageOf(core: AccountCore, lead: Lead): string {
  const pipeline = core.account.pipelines.find((p) => p.id === lead.pipeline_id);
  const status = pipeline?.statuses.find((s) => s.id === lead.status_id);
  return [pipeline?.name, status?.name].filter(Boolean).join(' / ');
}

const money = (price: number, t: Texts) => `${price.toLocaleString('ru-RU')} ${t.currency}`;

/** The left panel of a card; `entity` undefined for a new, unsaved card. */
export function fieldsPanel(
  core: AccountCore,
  viewer: Viewer,
  t: Texts,
  kind: 'contacts' | 'leads',
  entity: Contact | Lead | undefined,
): string {
  const rows: { label: string; html: string }[] = [];
  if (entity && kind === 'leads') {
    const lead = entity as Lead;
    rows.push({ label: t.stage, html: esc(stageOf(core, lead)) });
    rows.push({ label: t.price, html: esc(money(lead.price, t)) });
    const contacts = lead.contact_ids.map((id) => core.crm.contact(id)).filter((c) => c !== undefined);
    if (contacts.length) {
      rows.push({
        label: t.contacts,
        html: contacts.map((c) => cardLink(viewer, 'contacts', c.id, c.name)).join('<br>'),
      });
    }
  }
  if (entity) {
    rows.push(...customFields(core, kind, entity.custom_fields_values, t));
    rows.push({ label: t.responsible, html: esc(userName(core, entity.responsible_user_id)) });
  }
  const kindText = kind === 'leads' ? t.lead : t.contact;
  const name = entity ? entity.name : kind === 'leads' ? t.newLead : t.newContact;
  return `<section class="amo-fields">
<header class="amo-fields__head"><div class="amo-fields__kind">${esc(
    entity ? `${kindText} #${entity.id}` : kindText,
  )}</div><h1 class="amo-fields__name" id="amo-entity-name">${esc(name)}</h1></header>
${rows
  .map(
    (r) =>
      `<div class="amo-field"><div class="amo-field__label">${esc(r.label)}</div><div class="amo-field__value">${r.html || '—'}</div></div>`,
  )
  .join('\n')}
</section>`;
}

/** The list's entities (not deleted), newest first as amoCRM lists them by default. */
export function listEntities(core: AccountCore, kind: 'contacts' | 'leads'): (Contact | Lead)[] {
  const all: (Contact | Lead)[] = kind === 'contacts' ? core.crm.contacts : core.crm.leads;
  return all.filter((e) => !e.is_deleted).sort((a, b) => b.id - a.id);
}

export function selectedRow(
  core: AccountCore,
  kind: 'contacts' | 'leads',
  entity: Contact | Lead,
): SelectedRow {
  const values = entity.custom_fields_values;
  return {
    id: entity.id,
    type: kind === 'contacts' ? 'contact' : 'lead',
    name: entity.name,
    phones: fieldValues(core, kind, values, 'PHONE'),
    emails: fieldValues(core, kind, values, 'EMAIL'),
  };
}

/** The list's table: a checkbox per row (the value is the id), the name linking to the card. */
export function listTable(
  core: AccountCore,
  viewer: Viewer,
  t: Texts,
  kind: 'contacts' | 'leads',
  entities: (Contact | Lead)[],
): string {
  const head =
    kind === 'contacts'
      ? [t.fullName, t.phone, t.email, t.responsible]
      : [t.name, t.stage, t.price, t.responsible];
  const cells = (e: Contact | Lead): string[] => {
    const link = cardLink(viewer, kind, e.id, e.name || `#${e.id}`);
    const who = esc(userName(core, e.responsible_user_id));
    if (kind === 'leads') {
      const lead = e as Lead;
      return [link, esc(stageOf(core, lead)), esc(money(lead.price, t)), who];
    }
    const row = selectedRow(core, kind, e);
    return [link, esc(row.phones.join(', ')), esc(row.emails.join(', ')), who];
  };
  const body = entities.length
    ? entities
        .map(
          (e) =>
            `<tr><td class="amo-table__check"><input type="checkbox" class="amo-row-check" value="${e.id}" aria-label="${esc(
              e.name,
            )}"></td>${cells(e)
              .map((c) => `<td>${c}</td>`)
              .join('')}</tr>`,
        )
        .join('\n')
    : `<tr><td colspan="5">${esc(t.empty)}</td></tr>`;
  return `<table class="amo-table">
<thead><tr><th class="amo-table__check"><input type="checkbox" id="amo-check-all" aria-label="${esc(
    t.selected,
  )}"></th>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}
