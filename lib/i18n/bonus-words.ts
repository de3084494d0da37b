import type { BonusReason } from '@/lib/domain/lime';
import { formatRubles } from '@/lib/domain/money';
import type { Locale } from './pick-locale';

/** What a bonus credit says in the CRM timeline and in a run's report, in the tenant's language. */
export interface BonusWords {
  reasons: Record<BonusReason, string>;
  timelineTitle: (amountKopecks: number) => string;
  timelineText: (p: {
    reason: BonusReason;
    comment: string | null;
    requestedBy: string | null;
    child: string | null;
    balanceAfterKopecks: number | null;
    accrualId: number | null;
  }) => string;
  skipReasons: Record<'no_contact' | 'no_client', string>;
  limeUnreachable: string;
}

const ru: BonusWords = {
  reasons: {
    manual: 'начисление вручную',
    mass: 'массовое начисление',
    birthday: 'день рождения',
    child_birthday: 'день рождения ребёнка',
    campaign: 'рассылка',
    nps: 'опрос NPS',
  },
  timelineTitle: (amount) => `Начислены бонусы в Лайме: ${formatRubles(amount, 'ru')}`,
  timelineText: (p) =>
    [
      `Причина: ${ru.reasons[p.reason]}${p.child ? ` (${p.child})` : ''}.`,
      p.comment ? `Комментарий: ${p.comment}` : null,
      p.requestedBy ? `Начислил пользователь CRM № ${p.requestedBy}.` : 'Начислено автоматически.',
      p.balanceAfterKopecks === null
        ? null
        : `Бонусов на счёте после начисления: ${formatRubles(p.balanceAfterKopecks, 'ru')}.`,
      p.accrualId === null ? null : `Начисление в Лайме № ${p.accrualId}.`,
    ]
      .filter(Boolean)
      .join('\n'),
  skipReasons: {
    no_contact: 'у строки нет контакта',
    no_client: 'контакт не связан с клиентом Лайма',
  },
  limeUnreachable:
    'Лайм не отвечает: начисление остановлено. Запустите его снова позже — начисленное не повторится.',
};

const en: BonusWords = {
  reasons: {
    manual: 'manual credit',
    mass: 'mass credit',
    birthday: 'birthday',
    child_birthday: 'child’s birthday',
    campaign: 'campaign',
    nps: 'NPS survey',
  },
  timelineTitle: (amount) => `Bonus credited in Lime: ${formatRubles(amount, 'en')}`,
  timelineText: (p) =>
    [
      `Reason: ${en.reasons[p.reason]}${p.child ? ` (${p.child})` : ''}.`,
      p.comment ? `Comment: ${p.comment}` : null,
      p.requestedBy ? `Credited by CRM user #${p.requestedBy}.` : 'Credited automatically.',
      p.balanceAfterKopecks === null
        ? null
        : `Bonus balance after the credit: ${formatRubles(p.balanceAfterKopecks, 'en')}.`,
      p.accrualId === null ? null : `Lime accrual #${p.accrualId}.`,
    ]
      .filter(Boolean)
      .join('\n'),
  skipReasons: {
    no_contact: 'the row has no contact',
    no_client: 'the contact is not linked to a Lime client',
  },
  limeUnreachable:
    'Lime is not answering: the credit stopped. Start it again later — nothing credited is credited twice.',
};

export function bonusWords(locale: Locale): BonusWords {
  return locale === 'en' ? en : ru;
}
