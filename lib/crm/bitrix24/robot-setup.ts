import type { BatchCommands, Bitrix24Rest } from './rest';

/**
 * The bonus robot (an automation rule for deals and leads) and the same as a workflow action (for
 * business processes on contacts, deals and leads — what an admin starts over a list selection),
 * registered by the installer (docs/bitrix24-robot.md). Both answer through bizproc.event.send, so
 * the workflow waits (USE_SUBSCRIPTION) and reads the outcome from the return values. Registration
 * reads first: what exists is updated (the handler URL may have moved), what is missing added —
 * a second install adds nothing. A portal whose install predates the `bizproc` scope cannot have
 * them: the setup says so and goes on.
 */

/** Robots and actions share one code space per app, so each has its own code. */
export const BONUS_ROBOT_CODE = 'lime_bonus_credit';
export const BONUS_ACTIVITY_CODE = 'lime_bonus_credit_bp';

/** The reasons a robot may give (Lime's; a child's birthday needs a child, which a robot cannot name). */
export const ROBOT_REASONS = ['mass', 'manual', 'birthday', 'campaign', 'nps'] as const;

const words = {
  name: { ru: 'Лайм: начислить бонусы', en: 'Lime: credit bonuses' },
  description: {
    ru: 'Начисляет бонусы в Лайме клиенту контакта (у сделки и лида — основного контакта)',
    en: 'Credits bonuses in Lime to the contact’s client (a deal’s or lead’s main contact)',
  },
  amount: { ru: 'Сумма, ₽', en: 'Amount, RUB' },
  reason: { ru: 'Повод', en: 'Reason' },
  comment: { ru: 'Комментарий', en: 'Comment' },
  reasons: {
    mass: 'Массовое начисление / Mass credit',
    manual: 'Вручную / Manual',
    birthday: 'День рождения / Birthday',
    campaign: 'Акция / Campaign',
    nps: 'Отзыв (NPS) / NPS answer',
  },
  status: {
    ru: 'Итог (credited, already, refused, failed)',
    en: 'Outcome (credited, already, refused, failed)',
  },
  creditedAmount: { ru: 'Начислено, ₽', en: 'Credited, RUB' },
  balance: { ru: 'Бонусный баланс, ₽', en: 'Bonus balance, RUB' },
  error: { ru: 'Почему не начислено', en: 'Why not credited' },
};

function fields(handler: string, authUserId: number, include: string[][]) {
  return {
    HANDLER: handler,
    AUTH_USER_ID: authUserId,
    USE_SUBSCRIPTION: 'Y',
    NAME: words.name,
    DESCRIPTION: words.description,
    PROPERTIES: {
      amount: { Name: words.amount, Type: 'double', Required: 'Y', Multiple: 'N' },
      reason: { Name: words.reason, Type: 'select', Options: words.reasons, Default: 'mass', Required: 'N' },
      comment: { Name: words.comment, Type: 'text', Required: 'N', Multiple: 'N' },
    },
    RETURN_PROPERTIES: {
      status: { Name: words.status, Type: 'string', Multiple: 'N' },
      creditedAmount: { Name: words.creditedAmount, Type: 'double', Multiple: 'N' },
      balance: { Name: words.balance, Type: 'double', Multiple: 'N' },
      error: { Name: words.error, Type: 'string', Multiple: 'N' },
    },
    FILTER: { INCLUDE: include },
  };
}

const KINDS = [
  {
    method: 'bizproc.robot',
    code: BONUS_ROBOT_CODE,
    include: [
      ['crm', 'CCrmDocumentDeal'],
      ['crm', 'CCrmDocumentLead'],
    ],
  },
  {
    method: 'bizproc.activity',
    code: BONUS_ACTIVITY_CODE,
    include: [
      ['crm', 'CCrmDocumentContact'],
      ['crm', 'CCrmDocumentDeal'],
      ['crm', 'CCrmDocumentLead'],
    ],
  },
] as const;

export interface RobotSetupReport {
  added: string[];
  updated: string[];
  /** Why nothing was registered (no `bizproc` scope), or null. */
  skipped: string | null;
  errors: string[];
}

export async function ensureBonusRobot(rest: Bitrix24Rest, handler: string): Promise<RobotSetupReport> {
  const report: RobotSetupReport = { added: [], updated: [], skipped: null, errors: [] };
  const read = await rest.batch<unknown>({
    robots: ['bizproc.robot.list'],
    activities: ['bizproc.activity.list'],
    me: ['profile'],
  });
  const refused = read.errors.robots ?? read.errors.activities;
  if (refused) {
    report.skipped = `${refused.error}: ${refused.error_description ?? ''}`.trim();
    return report;
  }
  const existing = new Set([
    ...((read.results.robots ?? []) as string[]),
    ...((read.results.activities ?? []) as string[]),
  ]);
  const me = read.results.me as { ID?: string | number } | undefined;
  const authUserId = Number(me?.ID ?? 1) || 1;
  const commands: BatchCommands = {};
  for (const kind of KINDS) {
    const wanted = fields(
      handler,
      authUserId,
      kind.include.map((rule) => [...rule]),
    );
    if (existing.has(kind.code)) {
      commands[kind.code] = [`${kind.method}.update`, { CODE: kind.code, FIELDS: wanted }];
      report.updated.push(kind.code);
    } else {
      commands[kind.code] = [`${kind.method}.add`, { CODE: kind.code, ...wanted }];
      report.added.push(kind.code);
    }
  }
  const outcome = await rest.batch(commands);
  for (const [key, error] of Object.entries(outcome.errors)) {
    report.errors.push(`${key}: ${error.error} ${error.error_description ?? ''}`.trim());
  }
  return report;
}
