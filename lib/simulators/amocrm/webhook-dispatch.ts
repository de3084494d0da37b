import type { AccountCore } from './core';
import type { CrmEvent } from './crm-store';
import type {
  Contact,
  CustomFieldDef,
  CustomFieldValue,
  DeliveryRecord,
  Lead,
  WebhookSubscription,
} from './types';

/**
 * Account webhooks as amoCRM sends them (webhooks-format): one POST per destination per set of
 * changes made together, `application/x-www-form-urlencoded`, bracketed keys in the legacy v2
 * layout (`contacts[update][0][id]`, `[custom_fields][0][values][0][value]`/`[enum]`,
 * `last_modified`, `date_create`), several items per request (`[0]`, `[1]`…), and
 * `account[id]`, `account[subdomain]`, `account[_links][self]`. Only the events a destination
 * subscribed to are sent. An answer counts as valid only if it is 100–299 within 2 s; no
 * retries. A destination is disabled when more than 100 invalid answers came within the last
 * 2 hours and the latest is invalid too (re-subscribing enables it again).
 */

export const DEADLINE_MS = 2000;
export const DISABLE_AFTER = 100;
export const DISABLE_WINDOW_MS = 2 * 3600 * 1000;

const SETTING: Record<string, string> = {
  'contacts:add': 'add_contact',
  'contacts:update': 'update_contact',
  'contacts:delete': 'delete_contact',
  'leads:add': 'add_lead',
  'leads:update': 'update_lead',
  'leads:delete': 'delete_lead',
  'leads:status': 'status_lead',
};

function fieldPairs(
  prefix: string,
  values: CustomFieldValue[],
  defs: CustomFieldDef[],
  out: [string, string][],
) {
  values
    .filter((v) => v.values.length > 0)
    .forEach((v, i) => {
      const def = defs.find((d) => d.id === v.field_id);
      out.push([`${prefix}[custom_fields][${i}][id]`, String(v.field_id)]);
      out.push([`${prefix}[custom_fields][${i}][name]`, def?.name ?? '']);
      if (def?.code) out.push([`${prefix}[custom_fields][${i}][code]`, def.code]);
      v.values.forEach((x, j) => {
        out.push([`${prefix}[custom_fields][${i}][values][${j}][value]`, String(x.value)]);
        if (x.enum_id !== undefined)
          out.push([`${prefix}[custom_fields][${i}][values][${j}][enum]`, String(x.enum_id)]);
      });
    });
}

function itemPairs(core: AccountCore, e: CrmEvent, prefix: string, out: [string, string][]) {
  out.push([`${prefix}[id]`, String(e.id)]);
  if (e.action === 'delete') {
    out.push([`${prefix}[type]`, e.entity === 'contacts' ? 'contact' : 'lead']);
    return;
  }
  if (e.entity === 'contacts') {
    const c = core.crm.contacts.find((x) => x.id === e.id) as Contact;
    out.push(
      [`${prefix}[name]`, c.name],
      [`${prefix}[first_name]`, c.first_name],
      [`${prefix}[last_name]`, c.last_name],
    );
    out.push(
      [`${prefix}[responsible_user_id]`, String(c.responsible_user_id)],
      [`${prefix}[date_create]`, String(c.created_at)],
    );
    out.push(
      [`${prefix}[last_modified]`, String(c.updated_at)],
      [`${prefix}[created_user_id]`, String(c.created_by)],
    );
    out.push(
      [`${prefix}[modified_user_id]`, String(c.updated_by)],
      [`${prefix}[account_id]`, String(core.accountId)],
    );
    fieldPairs(prefix, c.custom_fields_values, core.account.fields.contacts, out);
    out.push([`${prefix}[type]`, 'contact']);
    return;
  }
  const l = core.crm.leads.find((x) => x.id === e.id) as Lead;
  out.push(
    [`${prefix}[name]`, l.name],
    [`${prefix}[status_id]`, String(l.status_id)],
    [`${prefix}[pipeline_id]`, String(l.pipeline_id)],
  );
  if (e.action === 'status') {
    out.push(
      [`${prefix}[old_status_id]`, String(e.old_status_id)],
      [`${prefix}[old_pipeline_id]`, String(e.old_pipeline_id)],
    );
  }
  out.push(
    [`${prefix}[price]`, String(l.price)],
    [`${prefix}[responsible_user_id]`, String(l.responsible_user_id)],
  );
  out.push(
    [`${prefix}[last_modified]`, String(l.updated_at)],
    [`${prefix}[date_create]`, String(l.created_at)],
  );
  out.push(
    [`${prefix}[created_user_id]`, String(l.created_by)],
    [`${prefix}[modified_user_id]`, String(l.updated_by)],
  );
  out.push([`${prefix}[account_id]`, String(core.accountId)]);
  fieldPairs(prefix, l.custom_fields_values, core.account.fields.leads, out);
}

export class WebhookDispatcher {
  readonly deliveries: DeliveryRecord[] = [];
  private pending = new Set<Promise<void>>();

  constructor(private readonly core: () => AccountCore) {}

  /** Builds every body now (a snapshot of the change) and sends them in the background. */
  emit(events: CrmEvent[]): void {
    const core = this.core();
    for (const hook of core.webhooks) {
      if (hook.disabled) continue;
      const chosen = events.filter((e) => hook.settings.includes(SETTING[`${e.entity}:${e.action}`] ?? ''));
      if (chosen.length === 0) continue;
      const pairs: [string, string][] = [];
      const counters = new Map<string, number>();
      for (const e of chosen) {
        const group = `${e.entity}[${e.action}]`;
        const i = counters.get(group) ?? 0;
        counters.set(group, i + 1);
        itemPairs(core, e, `${group}[${i}]`, pairs);
      }
      pairs.push(['account[subdomain]', core.subdomain], ['account[id]', String(core.accountId)]);
      pairs.push(['account[_links][self]', core.base]);
      const body = new URLSearchParams(pairs).toString();
      const names = [...new Set(chosen.map((e) => SETTING[`${e.entity}:${e.action}`] ?? ''))];
      const p = this.deliver(hook, body, names).finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  private async deliver(hook: WebhookSubscription, body: string, events: string[]): Promise<void> {
    const core = this.core();
    let status = 0;
    try {
      const res = await fetch(hook.destination, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'amoCRM-Webhooks/3.0' },
        body,
        signal: AbortSignal.timeout(DEADLINE_MS),
      });
      await res.arrayBuffer().catch(() => undefined);
      status = res.status;
    } catch {
      status = 0;
    }
    const at = new Date(core.nowMs());
    this.deliveries.push({ destination: hook.destination, body, status, at, events });
    if (status >= 100 && status <= 299) return;
    hook.failures = hook.failures.filter((t) => t.getTime() > at.getTime() - DISABLE_WINDOW_MS);
    hook.failures.push(at);
    if (hook.failures.length > DISABLE_AFTER) hook.disabled = true;
  }

  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
