import type { Locale } from './pick-locale';

/**
 * What the Bitrix24 bonus robot tells its workflow (LOG_MESSAGE and the `error` return value), in
 * the portal's language: the workflow's log is read by the admin who set the process up.
 */
export interface RobotWords {
  amountInvalid: (given: string) => string;
  notAPerson: string;
  leadHasNoContact: string;
  leadGone: string;
  credited: (amount: string, balance: string | null) => string;
  failed: (error: string) => string;
}

const ru: RobotWords = {
  amountInvalid: (given) =>
    `Сумма начисления не число: «${given}». Укажите сумму в рублях в настройках действия «Лайм: начислить бонусы».`,
  notAPerson:
    'Бонусы начисляются клиентам — контактам, а также основному контакту сделки или лида. У компании своего клиента в Лайме нет: запустите процесс по её контактам.',
  leadHasNoContact: 'У лида нет контакта: бонусы начислять некому. Привяжите к лиду контакт.',
  leadGone: 'Этого лида больше нет в CRM.',
  credited: (amount, balance) =>
    `Начислено в Лайме: ${amount}.${balance === null ? '' : ` Бонусный баланс клиента: ${balance}.`}`,
  failed: (error) => `Лайм не начислил бонусы: ${error}`,
};

const en: RobotWords = {
  amountInvalid: (given) =>
    `The amount is not a number: “${given}”. Give the amount in rubles in the settings of “Lime: credit bonuses”.`,
  notAPerson:
    'Bonuses are credited to clients: contacts, and the main contact of a deal or lead. A company has no client of its own in Lime: run the process over its contacts.',
  leadHasNoContact: 'The lead has no contact: there is nobody to credit. Link a contact to the lead.',
  leadGone: 'This lead is no longer in the CRM.',
  credited: (amount, balance) =>
    `Credited in Lime: ${amount}.${balance === null ? '' : ` The client’s bonus balance: ${balance}.`}`,
  failed: (error) => `Lime did not credit the bonus: ${error}`,
};

export const robotWords = (locale: Locale): RobotWords => (locale === 'en' ? en : ru);
