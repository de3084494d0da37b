import type { BatchCommands, Bitrix24Rest } from './rest';
import { ensureBonusRobot, type RobotSetupReport } from './robot-setup';
import { ensureMailingTrigger, type TriggerSetupReport } from './trigger-setup';

/**
 * What the app binds on a portal, done idempotently server-side after a verified install
 * (reference §1.1, §3, §4): read what exists in one batch, then bind only what is missing in a
 * second. Bindings are removed by Bitrix24 on uninstall and must be re-created by each version's
 * installer; plain UF_CRM_* fields survive a re-install, hence "created only when missing".
 *
 * - CRM changes come as OFFLINE events (the reliable channel), drained with event.offline.get;
 *   ONOFFLINEEVENT pings us when the queue fills, and a timer drains it anyway.
 * - ONAPPUNINSTALL is the only notice of an uninstall.
 * - Handler URLs are absolute (placement.bind requires an externally reachable URL).
 */

/**
 * The scopes to register the app with in the vendor console: CRM entities, the product catalog
 * (catalog.* refuses without it), card placements, users' names, the booking calendar
 * (booking.v1.*: the mirror of halls, staff and bookings where the portal has the module), and the
 * bonus robot and workflow action (bizproc.*, docs/bitrix24-robot.md).
 */
export const APP_SCOPES = ['crm', 'catalog', 'placement', 'user_brief', 'booking', 'bizproc'] as const;

export const OFFLINE_EVENTS = [
  'ONCRMCONTACTADD',
  'ONCRMCONTACTUPDATE',
  'ONCRMCONTACTDELETE',
  'ONCRMDEALADD',
  'ONCRMDEALUPDATE',
  'ONCRMDEALDELETE',
] as const;

/** ONOFFLINEEVENT at most every few seconds: the drain reads up to 50 records per request anyway. */
const OFFLINE_PING_MIN_TIMEOUT_S = 5;

export const PLACEMENTS = [
  {
    code: 'CRM_CONTACT_DETAIL_TAB',
    title: { ru: 'Лайм', en: 'Lime' },
    description: {
      ru: 'Клиент Лайм: дети, баланс, карты, покупки',
      en: 'Lime client: children, balance, cards, purchases',
    },
  },
  {
    code: 'CRM_DEAL_DETAIL_TAB',
    title: { ru: 'Лайм', en: 'Lime' },
    description: {
      ru: 'Сделка в Лайм: чек, предзаказ, бронь',
      en: 'The deal in Lime: check, pre-order, booking',
    },
  },
  {
    code: 'CRM_DEAL_DETAIL_TOOLBAR',
    title: { ru: 'Лайм: бронь и бонусы', en: 'Lime: booking and bonuses' },
    description: { ru: 'Бронирование залов и начисление бонусов', en: 'Book halls and credit bonuses' },
  },
] as const;

interface FieldSpec {
  entity: 'contact' | 'deal';
  /** Without the UF_CRM_ prefix Bitrix24 adds. */
  name: string;
  type: 'string' | 'double' | 'date' | 'datetime';
  multiple?: boolean;
  label: { ru: string; en: string };
}

/** The fields the sync writes (issue "Sync"): Lime's identity and what a manager wants at a glance. */
export const USER_FIELDS: readonly FieldSpec[] = [
  {
    entity: 'contact',
    name: 'LIME_CLIENT_ID',
    type: 'string',
    label: { ru: 'Лайм: ID клиента', en: 'Lime: client id' },
  },
  { entity: 'contact', name: 'LIME_CARD', type: 'string', label: { ru: 'Лайм: карта', en: 'Lime: card' } },
  {
    entity: 'contact',
    name: 'LIME_CATEGORY',
    type: 'string',
    label: { ru: 'Лайм: категория', en: 'Lime: category' },
  },
  {
    entity: 'contact',
    name: 'LIME_CHILDREN',
    type: 'string',
    multiple: true,
    label: { ru: 'Лайм: дети (имя, день рождения)', en: 'Lime: children (name, birthday)' },
  },
  {
    entity: 'contact',
    name: 'LIME_DEPOSIT',
    type: 'double',
    label: { ru: 'Лайм: депозит, ₽', en: 'Lime: deposit, RUB' },
  },
  {
    entity: 'contact',
    name: 'LIME_BONUS',
    type: 'double',
    label: { ru: 'Лайм: бонусы', en: 'Lime: bonuses' },
  },
  {
    entity: 'contact',
    name: 'LIME_LAST_VISIT',
    type: 'datetime',
    label: { ru: 'Лайм: последний визит', en: 'Lime: last visit' },
  },
  {
    entity: 'contact',
    name: 'LIME_NPS',
    type: 'string',
    label: { ru: 'Лайм: оценка NPS', en: 'Lime: NPS answer' },
  },
  // What mailings insert into their messages (docs/mailings.md).
  {
    entity: 'contact',
    name: 'LIME_NPS_LINK',
    type: 'string',
    label: { ru: 'Лайм: ссылка на опрос NPS', en: 'Lime: NPS survey link' },
  },
  {
    entity: 'contact',
    name: 'LIME_MAIL_CHILD',
    type: 'string',
    label: { ru: 'Лайм: имя ребёнка (рассылка)', en: 'Lime: child’s name (mailing)' },
  },
  {
    entity: 'contact',
    name: 'LIME_MAIL_BONUS',
    type: 'string',
    label: { ru: 'Лайм: бонус (рассылка)', en: 'Lime: bonus (mailing)' },
  },
  { entity: 'deal', name: 'LIME_CHECK_ID', type: 'string', label: { ru: 'Лайм: чек', en: 'Lime: check' } },
  {
    entity: 'deal',
    name: 'LIME_PREORDER_ID',
    type: 'string',
    label: { ru: 'Лайм: предзаказ', en: 'Lime: pre-order' },
  },
  {
    entity: 'deal',
    name: 'LIME_EVENT_AT',
    type: 'datetime',
    label: { ru: 'Лайм: дата события', en: 'Lime: event date' },
  },
  { entity: 'deal', name: 'LIME_HALL', type: 'string', label: { ru: 'Лайм: зал', en: 'Lime: hall' } },
];

export interface SetupUrls {
  /** POST /api/bitrix24/events */
  events: string;
  /** POST /api/bitrix24/placement */
  placement: string;
  /** POST /api/bitrix24/robot: the bonus robot's and workflow action's handler. */
  robot: string;
}

export interface SetupReport {
  eventsBound: string[];
  eventsUnbound: string[];
  placementsBound: string[];
  fieldsCreated: string[];
  mailingTrigger: TriggerSetupReport;
  robot: RobotSetupReport;
  errors: string[];
}

interface BoundEvent {
  event: string;
  handler: string;
  offline?: number | string;
}
interface BoundPlacement {
  placement: string;
  handler: string;
}
interface UserField {
  FIELD_NAME: string;
}

/** Codes Bitrix24 answers for a binding that already exists (SDK recipe vs REST error page). */
const ALREADY_BOUND = new Set(['ERROR_HANDLER_ALREADY_EXIST', 'ERROR_EVENT_BINDING_EXISTS']);

export async function ensurePortalSetup(rest: Bitrix24Rest, urls: SetupUrls): Promise<SetupReport> {
  const existing = await rest.batch<unknown>({
    events: ['event.get'],
    placements: ['placement.get'],
    contactFields: ['crm.contact.userfield.list', { filter: { '%FIELD_NAME': 'UF_CRM_LIME_' } }],
    dealFields: ['crm.deal.userfield.list', { filter: { '%FIELD_NAME': 'UF_CRM_LIME_' } }],
  });
  const failed = Object.entries(existing.errors);
  if (failed.length > 0) {
    throw new Error(
      `Bitrix24 setup: could not read the bindings (${failed.map(([k, e]) => `${k}: ${e.error}`).join(', ')})`,
    );
  }
  const events = (existing.results.events ?? []) as BoundEvent[];
  const placements = (existing.results.placements ?? []) as BoundPlacement[];
  const fieldNames = new Set([
    ...((existing.results.contactFields ?? []) as UserField[]).map((f) => `contact:${f.FIELD_NAME}`),
    ...((existing.results.dealFields ?? []) as UserField[]).map((f) => `deal:${f.FIELD_NAME}`),
  ]);

  const commands: BatchCommands = {};
  const mailingTrigger = await ensureMailingTrigger(rest);
  const robot = await ensureBonusRobot(rest, urls.robot);
  const report: SetupReport = {
    eventsBound: [],
    eventsUnbound: [],
    placementsBound: [],
    fieldsCreated: [],
    mailingTrigger,
    robot,
    errors: [...robot.errors],
  };
  report.errors.push(...mailingTrigger.errors);
  const isOffline = (e: BoundEvent) => String(e.offline ?? '0') === '1';
  const wanted: { event: string; offline: boolean; options?: Record<string, unknown> }[] = [
    ...OFFLINE_EVENTS.map((event) => ({ event, offline: true })),
    { event: 'ONOFFLINEEVENT', offline: false, options: { minTimeout: OFFLINE_PING_MIN_TIMEOUT_S } },
    { event: 'ONAPPUNINSTALL', offline: false },
  ];
  for (const want of wanted) {
    const same = events.filter((e) => e.event.toUpperCase() === want.event && isOffline(e) === want.offline);
    for (const stale of same.filter((e) => !want.offline && e.handler !== urls.events)) {
      commands[`unbind_${want.event}_${report.eventsUnbound.length}`] = [
        'event.unbind',
        { event: want.event, handler: stale.handler },
      ];
      report.eventsUnbound.push(want.event);
    }
    const bound = want.offline ? same.length > 0 : same.some((e) => e.handler === urls.events);
    if (bound) continue;
    commands[`bind_${want.event}`] = [
      'event.bind',
      {
        event: want.event,
        // handler is required even for offline events, which are never posted to it.
        handler: urls.events,
        ...(want.offline ? { event_type: 'offline' } : {}),
        ...(want.options ? { options: want.options } : {}),
      },
    ];
    report.eventsBound.push(want.event);
  }
  for (const placement of PLACEMENTS) {
    if (placements.some((p) => p.placement === placement.code && p.handler === urls.placement)) continue;
    commands[`place_${placement.code}`] = [
      'placement.bind',
      {
        PLACEMENT: placement.code,
        HANDLER: urls.placement,
        TITLE: placement.title.ru,
        DESCRIPTION: placement.description.ru,
        LANG_ALL: {
          ru: { TITLE: placement.title.ru, DESCRIPTION: placement.description.ru },
          en: { TITLE: placement.title.en, DESCRIPTION: placement.description.en },
        },
      },
    ];
    report.placementsBound.push(placement.code);
  }
  for (const field of USER_FIELDS) {
    const fullName = `UF_CRM_${field.name}`;
    if (fieldNames.has(`${field.entity}:${fullName}`)) continue;
    commands[`field_${field.entity}_${field.name}`] = [
      `crm.${field.entity}.userfield.add`,
      {
        fields: {
          FIELD_NAME: field.name,
          USER_TYPE_ID: field.type,
          XML_ID: fullName,
          MULTIPLE: field.multiple ? 'Y' : 'N',
          EDIT_FORM_LABEL: field.label,
          LIST_COLUMN_LABEL: field.label,
          LIST_FILTER_LABEL: field.label,
          LABEL: field.label.ru,
          SHOW_FILTER: 'Y',
        },
      },
    ];
    report.fieldsCreated.push(`${field.entity}:${fullName}`);
  }
  if (Object.keys(commands).length === 0) return report;
  const outcome = await rest.batch(commands);
  for (const [key, error] of Object.entries(outcome.errors)) {
    // A binding made meanwhile by a second installer run: the portal's PHP answers ERROR_CORE
    // "Handler already binded"; the docs name other codes.
    if (ALREADY_BOUND.has(error.error) || /already bind/i.test(error.error_description ?? '')) continue;
    report.errors.push(`${key}: ${error.error} ${error.error_description ?? ''}`.trim());
  }
  return report;
}
