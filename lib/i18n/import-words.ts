import type { Locale } from './pick-locale';

/** The import panel's words (settings frame), by language. */
export interface ImportWords {
  title: string;
  intro: string;
  never: string;
  period: string;
  days: (n: number) => string;
  start: string;
  again: string;
  pause: string;
  resume: string;
  cancel: string;
  phases: Record<'goods' | 'clients' | 'transactions', string>;
  statuses: Record<'running' | 'paused' | 'done' | 'failed' | 'cancelled', string>;
  progress: (done: number, total: number) => string;
  rate: (perSecond: string) => string;
  eta: (time: string) => string;
  minutes: (n: number) => string;
  seconds: (n: number) => string;
  children: (n: number) => string;
  summary: string;
  outcome: Record<
    'goods' | 'created' | 'matched' | 'updated' | 'unchanged' | 'deals' | 'timeline' | 'skipped',
    string
  >;
  pausedBy: string;
  readOnly: string;
}

const ru: ImportWords = {
  title: 'Первичная загрузка',
  intro:
    'Переносит в CRM товары Лайма, всех взрослых клиентов (с детьми в карточке) и операции за выбранный период. Существующие контакты находятся по телефону и e-mail, дублей не будет; загрузку можно приостановить и продолжить.',
  never: 'Загрузку ещё не запускали.',
  period: 'Операции за',
  days: (n) => (n === 0 ? 'не загружать' : `${n} дн.`),
  start: 'Начать загрузку',
  again: 'Загрузить снова',
  pause: 'Приостановить',
  resume: 'Продолжить',
  cancel: 'Отменить',
  phases: { goods: 'Товары', clients: 'Клиенты', transactions: 'Операции' },
  statuses: {
    running: 'Идёт загрузка',
    paused: 'Приостановлена',
    done: 'Загрузка завершена',
    failed: 'Загрузка прервана',
    cancelled: 'Загрузка отменена',
  },
  progress: (done, total) => `${done.toLocaleString('ru-RU')} из ${total.toLocaleString('ru-RU')}`,
  rate: (perSecond) => `${perSecond} в секунду`,
  eta: (time) => `осталось около ${time}`,
  minutes: (n) => `${n} мин`,
  seconds: (n) => `${n} с`,
  children: (n) => `детей в карточках: ${n.toLocaleString('ru-RU')}`,
  summary: 'Итог',
  outcome: {
    goods: 'товаров записано',
    created: 'контактов создано',
    matched: 'найдено существующих',
    updated: 'контактов обновлено',
    unchanged: 'уже были в CRM',
    deals: 'сделок',
    timeline: 'записей в ленте',
    skipped: 'операций пропущено',
  },
  pausedBy: 'Загрузка остановилась из-за ошибки:',
  readOnly: 'Запускать загрузку может администратор CRM.',
};

const en: ImportWords = {
  title: 'Initial import',
  intro:
    "Brings Lime's goods, every adult client (children on their card) and the operations of the chosen period into the CRM. Existing contacts are found by phone and e-mail, so nothing is duplicated; the import can be paused and resumed.",
  never: 'No import has run yet.',
  period: 'Operations of the last',
  days: (n) => (n === 0 ? 'none' : `${n} days`),
  start: 'Start the import',
  again: 'Import again',
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
  phases: { goods: 'Goods', clients: 'Clients', transactions: 'Operations' },
  statuses: {
    running: 'Importing',
    paused: 'Paused',
    done: 'Import finished',
    failed: 'Import failed',
    cancelled: 'Import cancelled',
  },
  progress: (done, total) => `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`,
  rate: (perSecond) => `${perSecond} a second`,
  eta: (time) => `about ${time} left`,
  minutes: (n) => `${n} min`,
  seconds: (n) => `${n} s`,
  children: (n) => `children on cards: ${n.toLocaleString('en-US')}`,
  summary: 'Summary',
  outcome: {
    goods: 'goods written',
    created: 'contacts created',
    matched: 'existing contacts found',
    updated: 'contacts updated',
    unchanged: 'already in the CRM',
    deals: 'deals',
    timeline: 'timeline entries',
    skipped: 'operations skipped',
  },
  pausedBy: 'The import stopped because of an error:',
  readOnly: 'A CRM administrator can run the import.',
};

export const importWords: Record<Locale, ImportWords> = { ru, en };
