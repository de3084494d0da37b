import type { Locale } from './pick-locale';

/** What the campaigns API says when it refuses, in the host's language (the settings screen shows it as it is). */
export interface CampaignErrorWords {
  form: string;
  adminsOnly: string;
  rules: (problem: string) => string;
  delivery: (problem: string) => string;
  otherCrm: string;
  name: string;
  nameTaken: (name: string) => string;
  bonus: (max: string) => string;
  kindChanged: string;
  notFound: string;
  notManual: string;
  startedRecently: string;
  noLime: string;
  /** A waiting send's note when its campaign was switched off before its turn. */
  switchedOff: string;
  /** A waiting birthday send's note when the birthday passed before its turn (a late greeting is worse than none). */
  tooLate: string;
}

const ru: CampaignErrorWords = {
  form: 'Запрос к рассылкам составлен неверно: обновите страницу настроек.',
  adminsOnly: 'Менять рассылки могут только администраторы CRM.',
  rules: (problem) => `Условия рассылки заданы с ошибкой: ${problem}.`,
  delivery: (problem) => `Способ отправки выбран не полностью: ${problem}.`,
  otherCrm: 'Способ отправки выбран для другой CRM.',
  name: 'Укажите название рассылки (до 100 символов).',
  nameTaken: (name) => `Рассылка «${name}» уже есть: выберите другое название.`,
  bonus: (max) => `Бонус к рассылке — от 0,01 ₽ до ${max} (предел задан в настройках бонусов).`,
  kindChanged: 'Вид рассылки после создания не меняется: создайте новую рассылку.',
  notFound: 'Такой рассылки нет.',
  notManual: 'Запустить вручную можно только рассылку по списку.',
  startedRecently: 'Эта рассылка уже запущена несколько минут назад: дождитесь её отправки.',
  noLime: 'Лайм не подключён: подключите его в настройках приложения.',
  switchedOff: 'Не отправлено: рассылку выключили раньше.',
  tooLate: 'Не отправлено: день рождения уже прошёл, а поздравлять с опозданием хуже, чем не поздравлять.',
};

const en: CampaignErrorWords = {
  form: 'The mailing request is malformed: reload the settings page.',
  adminsOnly: 'Only CRM administrators may change mailings.',
  rules: (problem) => `The mailing’s conditions are wrong: ${problem}.`,
  delivery: (problem) => `The way of sending is incomplete: ${problem}.`,
  otherCrm: 'The way of sending is for another CRM.',
  name: 'Give the mailing a name (up to 100 characters).',
  nameTaken: (name) => `A mailing called “${name}” exists: choose another name.`,
  bonus: (max) => `A mailing’s bonus is from ₽0.01 to ${max} (the limit is set in the bonus settings).`,
  kindChanged: 'A mailing’s kind cannot change once made: create a new mailing.',
  notFound: 'There is no such mailing.',
  notManual: 'Only a mailing over a list is started by hand.',
  startedRecently: 'This mailing was started a few minutes ago: wait for it to go out.',
  noLime: 'Lime is not connected: connect it in the app’s settings.',
  switchedOff: 'Not sent: the mailing was switched off first.',
  tooLate: 'Not sent: the birthday had passed, and a late greeting is worse than none.',
};

export const campaignErrorWords = (locale: Locale): CampaignErrorWords => (locale === 'en' ? en : ru);
