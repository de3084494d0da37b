import type { Locale } from './pick-locale';

/** The settings panel «Журнал REST-запросов» (CRM administrators only), by language. */
export interface RestLogWords {
  title: string;
  intro: string;
  system: string;
  all: string;
  systems: Record<'bitrix24' | 'amocrm' | 'lime', string>;
  refresh: string;
  more: string;
  loading: string;
  empty: string;
  outcomes: Record<'ok' | 'error' | 'failed', string>;
  request: string;
  response: string;
  none: string;
}

const ru: RestLogWords = {
  title: 'Журнал REST-запросов',
  intro:
    'Каждый запрос приложения к CRM и Лайму с ответом, без токенов и паролей; тела обрезаны до 8 КБ. Хранится 7 дней (на сервере можно задать от 3 до 365).',
  system: 'Система',
  all: 'Все',
  systems: { bitrix24: 'Битрикс24', amocrm: 'amoCRM', lime: 'Лайм' },
  refresh: 'Обновить',
  more: 'Показать ещё',
  loading: 'Загрузка…',
  empty: 'Запросов пока нет',
  outcomes: { ok: 'Успешно', error: 'Ошибка', failed: 'Нет ответа' },
  request: 'Запрос',
  response: 'Ответ',
  none: '—',
};

const en: RestLogWords = {
  title: 'REST request log',
  intro:
    'Every request the app sent to the CRM and Lime, with its answer, without tokens or passwords; bodies cut at 8 KB. Kept 7 days (the server may set 3 to 365).',
  system: 'System',
  all: 'All',
  systems: { bitrix24: 'Bitrix24', amocrm: 'amoCRM', lime: 'Lime' },
  refresh: 'Refresh',
  more: 'Show more',
  loading: 'Loading…',
  empty: 'No requests yet',
  outcomes: { ok: 'OK', error: 'Error', failed: 'No answer' },
  request: 'Request',
  response: 'Answer',
  none: '—',
};

export function restLogWords(locale: Locale): RestLogWords {
  return locale === 'ru' ? ru : en;
}
