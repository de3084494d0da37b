import type { Locale } from './pick-locale';

/** What the bonus API says when it refuses, in the host's language (the UI shows it as it is). */
export interface BonusErrorWords {
  form: string;
  runForm: string;
  filter: (problem: string) => string;
  managersMayNot: string;
  massAdminsOnly: string;
  amount: (min: string, max: string) => string;
  notACard: string;
  dealHasNoContact: string;
  dealGone: string;
  contactGone: string;
  noClient: string;
  noLime: string;
  childNeeded: string;
  notTheirChild: string;
  creditNotFound: string;
  runNotFound: string;
  runChanged: string;
  noSelection: string;
  nobody: string;
  crmFailed: string;
}

const ru: BonusErrorWords = {
  form: 'Форма начисления заполнена не полностью: укажите сумму.',
  runForm: 'Форма массового начисления заполнена не полностью: укажите, кому и сколько начислить.',
  filter: (problem) => `Фильтр задан с ошибкой: ${problem}.`,
  managersMayNot: 'Начислять бонусы могут только администраторы CRM — так задано в настройках приложения.',
  massAdminsOnly: 'Массовое начисление бонусов доступно только администраторам CRM.',
  amount: (min, max) =>
    `Сумма начисления — от ${min} до ${max} за одну операцию (предел задан в настройках).`,
  notACard: 'Начислить бонусы можно из карточки контакта или сделки.',
  dealHasNoContact: 'У сделки нет контакта: сначала привяжите к ней контакт.',
  dealGone: 'Этой сделки больше нет в CRM.',
  contactGone: 'Этого контакта больше нет в CRM.',
  noClient:
    'Контакт не связан с клиентом Лайма: ни связи, ни совпадения по телефону или e-mail. Начислять некому.',
  noLime: 'Лайм не подключён: подключите его в настройках приложения.',
  childNeeded: 'Для начисления ко дню рождения ребёнка выберите ребёнка.',
  notTheirChild: 'Такого ребёнка у клиента в Лайме нет.',
  creditNotFound: 'Начисление не найдено.',
  runNotFound: 'Такого массового начисления нет.',
  runChanged:
    'Это массовое начисление уже запущено с другой суммой или для других людей. Откройте форму заново.',
  noSelection: 'Отметьте строки в списке CRM и откройте начисление снова.',
  nobody: 'Под выбранные условия не попал ни один клиент Лайма: начислять некому.',
  crmFailed: 'CRM сейчас не отвечает. Повторите через минуту.',
};

const en: BonusErrorWords = {
  form: 'The bonus form is incomplete: give the amount.',
  runForm: 'The mass credit form is incomplete: say whom to credit and how much.',
  filter: (problem) => `The filter is wrong: ${problem}.`,
  managersMayNot: 'Only CRM administrators may credit bonuses: the app’s settings say so.',
  massAdminsOnly: 'Mass bonus crediting is for CRM administrators only.',
  amount: (min, max) => `A credit is from ${min} to ${max} per operation (the limit is set in the settings).`,
  notACard: 'Bonuses are credited from a contact’s or a deal’s card.',
  dealHasNoContact: 'The deal has no contact: attach one first.',
  dealGone: 'The CRM no longer has this deal.',
  contactGone: 'The CRM no longer has this contact.',
  noClient:
    'This contact is not linked to a Lime client: no link, and no phone or e-mail matches. Nobody to credit.',
  noLime: 'Lime is not connected: connect it in the app’s settings.',
  childNeeded: 'Pick the child whose birthday it is.',
  notTheirChild: 'The client has no such child in Lime.',
  creditNotFound: 'The credit was not found.',
  runNotFound: 'No such mass credit.',
  runChanged:
    'This mass credit was already started with another amount or for other people. Reopen the form.',
  noSelection: 'Tick rows in the CRM list and open the credit again.',
  nobody: 'No Lime client matches: nobody to credit.',
  crmFailed: 'The CRM is not answering right now. Try again in a minute.',
};

export function bonusErrorWords(locale: Locale): BonusErrorWords {
  return locale === 'en' ? en : ru;
}
