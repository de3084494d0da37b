import type { Locale } from './pick-locale';
import { ruPlural } from './ru-plural';

type CreditStatus = 'pending' | 'done' | 'failed';
type RunStatus = 'queued' | 'running' | 'done' | 'interrupted';

/** The bonus screens' words (the card's button and form, mass crediting, the settings section), by language. */
export interface BonusScreenWords {
  card: {
    title: string;
    balance: string;
    open: string;
    amount: string;
    upTo: (max: string) => string;
    reason: string;
    reasons: Record<'manual' | 'birthday' | 'child_birthday', string>;
    child: string;
    pickChild: string;
    comment: string;
    send: string;
    cancel: string;
    amountInvalid: (min: string, max: string) => string;
    childNeeded: string;
    pending: string;
    stillPending: string;
    done: (amount: string, balance: string | null) => string;
    failed: (error: string) => string;
    recent: string;
    statuses: Record<CreditStatus, string>;
  };
  mass: {
    title: string;
    intro: string;
    adminsOnly: string;
    open: string;
    close: string;
    filterTitle: string;
    category: string;
    categories: Record<'any' | 'adult' | 'child', string>;
    childAges: string;
    birthMonth: string;
    anyMonth: string;
    months: string[];
    lastVisit: string;
    bonus: string;
    spend: string;
    spendSum: string;
    from: string;
    to: string;
    preview: (count: number) => string;
    previewing: string;
    sample: string;
    skipped: (count: number) => string;
    amountEach: string;
    reason: string;
    reasons: Record<'mass' | 'birthday', string>;
    start: (count: number) => string;
    nobody: string;
    preparing: string;
    progress: (done: number, total: number) => string;
    reportTitle: string;
    credited: string;
    already: string;
    failed: string;
    skippedRows: string;
    resume: string;
    again: string;
    runsTitle: string;
    noRuns: string;
    bySource: Record<'filter' | 'selection', string>;
    statuses: Record<RunStatus, string>;
    report: string;
    outcome: (p: { credited: number; failed: number; total: number | null }) => string;
  };
  selection: { title: string; intro: string };
  rules: {
    title: string;
    whoCredits: string;
    managers: string;
    admins: string;
    maxAmount: string;
    save: string;
    saved: string;
  };
}

const ruClients = (n: number) => `${n} ${ruPlural(n, 'клиент', 'клиента', 'клиентов')}`;
const enClients = (n: number) => `${n} ${n === 1 ? 'client' : 'clients'}`;

const ru: BonusScreenWords = {
  card: {
    title: 'Бонусы',
    balance: 'На счёте',
    open: 'Начислить бонусы',
    amount: 'Сумма, ₽',
    upTo: (max) => `до ${max}`,
    reason: 'Причина',
    reasons: {
      manual: 'Начисление вручную',
      birthday: 'День рождения клиента',
      child_birthday: 'День рождения ребёнка',
    },
    child: 'Ребёнок',
    pickChild: 'Выберите ребёнка',
    comment: 'Комментарий',
    send: 'Начислить',
    cancel: 'Отмена',
    amountInvalid: (min, max) => `Введите сумму от ${min} до ${max}.`,
    childNeeded: 'Выберите ребёнка, у которого день рождения.',
    pending: 'Отправляем начисление в Лайм…',
    stillPending: 'Лайм пока не ответил. Начисление отправится повторно и не задвоится.',
    done: (amount, balance) => `Начислено ${amount}.${balance ? ` Бонусов на счёте: ${balance}.` : ''}`,
    failed: (error) => `Лайм не начислил бонусы: ${error}`,
    recent: 'Последние начисления',
    statuses: { pending: 'отправляется', done: 'начислено', failed: 'ошибка' },
  },
  mass: {
    title: 'Бонусы',
    intro:
      'Массовое начисление бонусов клиентам Лайма по фильтру. Каждый клиент получает начисление один раз за запуск — повторное нажатие не задвоит его.',
    adminsOnly: 'Массовое начисление доступно только администраторам CRM.',
    open: 'Массовое начисление',
    close: 'Закрыть',
    filterTitle: 'Кому начислить',
    category: 'Категория',
    categories: { any: 'Все клиенты', adult: 'Взрослые', child: 'Дети' },
    childAges: 'Возраст детей, лет',
    birthMonth: 'Месяц рождения',
    anyMonth: 'Любой',
    months: [
      'Январь',
      'Февраль',
      'Март',
      'Апрель',
      'Май',
      'Июнь',
      'Июль',
      'Август',
      'Сентябрь',
      'Октябрь',
      'Ноябрь',
      'Декабрь',
    ],
    lastVisit: 'Последний визит',
    bonus: 'Бонусов на счёте, ₽',
    spend: 'Покупки за период',
    spendSum: 'Сумма покупок, ₽',
    from: 'от',
    to: 'до',
    preview: (n) => `Под условия попадают: ${ruClients(n)}`,
    previewing: 'Считаем…',
    sample: 'Например',
    skipped: (n) => `Без клиента Лайма: ${n} ${ruPlural(n, 'строка', 'строки', 'строк')} — им не начислим.`,
    amountEach: 'Сумма каждому, ₽',
    reason: 'Причина',
    reasons: { mass: 'Массовое начисление', birthday: 'День рождения' },
    start: (n) => `Начислить: ${ruClients(n)}`,
    nobody: 'Под условия не попал ни один клиент.',
    preparing: 'Готовим список клиентов…',
    progress: (done, total) => `Обработано ${done} из ${total}`,
    reportTitle: 'Итог начисления',
    credited: 'Начислено',
    already: 'Уже было начислено',
    failed: 'Не начислено',
    skippedRows: 'Пропущено строк',
    resume: 'Продолжить',
    again: 'Новое начисление',
    runsTitle: 'Последние массовые начисления',
    noRuns: 'Массовых начислений ещё не было.',
    bySource: { filter: 'по фильтру', selection: 'отмеченные в списке' },
    statuses: { queued: 'в очереди', running: 'идёт', done: 'завершено', interrupted: 'остановлено' },
    report: 'Итог',
    outcome: (p) => `${p.credited} из ${p.total ?? '…'}${p.failed ? `, ошибок: ${p.failed}` : ''}`,
  },
  selection: {
    title: 'Начислить бонусы отмеченным',
    intro: 'Каждому клиенту Лайма из отмеченных строк — одно начисление.',
  },
  rules: {
    title: 'Правила начисления',
    whoCredits: 'Кто начисляет из карточки',
    managers: 'Все сотрудники',
    admins: 'Только администраторы',
    maxAmount: 'Наибольшая сумма за одну операцию, ₽',
    save: 'Сохранить правила',
    saved: 'Правила сохранены.',
  },
};

const en: BonusScreenWords = {
  card: {
    title: 'Bonuses',
    balance: 'Balance',
    open: 'Credit bonuses',
    amount: 'Amount, ₽',
    upTo: (max) => `up to ${max}`,
    reason: 'Reason',
    reasons: { manual: 'Manual credit', birthday: 'Client’s birthday', child_birthday: 'Child’s birthday' },
    child: 'Child',
    pickChild: 'Choose the child',
    comment: 'Comment',
    send: 'Credit',
    cancel: 'Cancel',
    amountInvalid: (min, max) => `Enter an amount from ${min} to ${max}.`,
    childNeeded: 'Choose the child whose birthday it is.',
    pending: 'Sending the credit to Lime…',
    stillPending: 'Lime has not answered yet. The credit will be sent again and never doubled.',
    done: (amount, balance) => `Credited ${amount}.${balance ? ` Bonus balance: ${balance}.` : ''}`,
    failed: (error) => `Lime did not credit the bonus: ${error}`,
    recent: 'Latest credits',
    statuses: { pending: 'sending', done: 'credited', failed: 'failed' },
  },
  mass: {
    title: 'Bonuses',
    intro:
      'Credit bonuses to Lime clients picked by a filter. Each client is credited once per run — a second click never doubles it.',
    adminsOnly: 'Only CRM administrators can credit bonuses in mass.',
    open: 'Mass credit',
    close: 'Close',
    filterTitle: 'Who gets it',
    category: 'Category',
    categories: { any: 'All clients', adult: 'Adults', child: 'Children' },
    childAges: 'Children’s age, years',
    birthMonth: 'Birthday month',
    anyMonth: 'Any',
    months: [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ],
    lastVisit: 'Last visit',
    bonus: 'Bonus balance, ₽',
    spend: 'Purchases in a period',
    spendSum: 'Purchases total, ₽',
    from: 'from',
    to: 'to',
    preview: (n) => `Matching: ${enClients(n)}`,
    previewing: 'Counting…',
    sample: 'For example',
    skipped: (n) => `${n} ${n === 1 ? 'row has' : 'rows have'} no Lime client and will not be credited.`,
    amountEach: 'Amount for each, ₽',
    reason: 'Reason',
    reasons: { mass: 'Mass credit', birthday: 'Birthday' },
    start: (n) => `Credit ${enClients(n)}`,
    nobody: 'No client matches.',
    preparing: 'Preparing the list of clients…',
    progress: (done, total) => `${done} of ${total} processed`,
    reportTitle: 'Outcome',
    credited: 'Credited',
    already: 'Already credited',
    failed: 'Not credited',
    skippedRows: 'Rows skipped',
    resume: 'Continue',
    again: 'New credit',
    runsTitle: 'Latest mass credits',
    noRuns: 'No mass credits yet.',
    bySource: { filter: 'by filter', selection: 'ticked in a list' },
    statuses: { queued: 'queued', running: 'running', done: 'done', interrupted: 'stopped' },
    report: 'Outcome',
    outcome: (p) => `${p.credited} of ${p.total ?? '…'}${p.failed ? `, ${p.failed} failed` : ''}`,
  },
  selection: {
    title: 'Credit bonuses to the ticked rows',
    intro: 'One credit for each Lime client among the ticked rows.',
  },
  rules: {
    title: 'Crediting rules',
    whoCredits: 'Who credits from a card',
    managers: 'Everyone',
    admins: 'Administrators only',
    maxAmount: 'Largest amount per operation, ₽',
    save: 'Save the rules',
    saved: 'Rules saved.',
  },
};

export const bonusScreenWords: Record<Locale, BonusScreenWords> = { ru, en };
