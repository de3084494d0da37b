import type { Locale } from './pick-locale';

/**
 * Why a mailing could not be sent, in the tenant's language: the campaign engine marks the send
 * failed with these words, and the settings show them as they are. The CRM's own words follow.
 */
export interface MailingDeliveryWords {
  sendGone: string;
  notConfigured: string;
  otherCrm: string;
  noContact: string;
  contactGone: (id: string) => string;
  unsupported: (reason: string) => string;
  refused: (reason: string) => string;
  /** The title of a deal or lead made for one message. */
  title: (campaign: string) => string;
}

const ru: MailingDeliveryWords = {
  sendGone: 'Отправка не найдена: рассылку удалили или изменили.',
  notConfigured: 'Не выбрано, как CRM отправляет сообщение: откройте настройки рассылки и выберите способ.',
  otherCrm: 'Способ отправки настроен для другой CRM: выберите его заново в настройках рассылки.',
  noContact: 'У клиента нет контакта в CRM: сообщение некому отправить.',
  contactGone: (id) => `Контакта ${id} больше нет в CRM: сообщение не отправлено.`,
  unsupported: (reason) => `CRM не может отправить сообщение так, как настроено: ${reason}`,
  refused: (reason) => `CRM отказала в запуске рассылки: ${reason}`,
  title: (campaign) => `Рассылка: ${campaign}`,
};

const en: MailingDeliveryWords = {
  sendGone: 'The send is gone: the mailing was deleted or changed.',
  notConfigured: 'How the CRM sends the message is not chosen: open the mailing’s settings and choose it.',
  otherCrm: 'The delivery is set up for another CRM: choose it again in the mailing’s settings.',
  noContact: 'The client has no contact in the CRM: there is nobody to send the message to.',
  contactGone: (id) => `Contact ${id} is no longer in the CRM: the message was not sent.`,
  unsupported: (reason) => `The CRM cannot send the message as set up: ${reason}`,
  refused: (reason) => `The CRM refused to run the mailing: ${reason}`,
  title: (campaign) => `Mailing: ${campaign}`,
};

export const mailingDeliveryWords = (locale: Locale): MailingDeliveryWords => (locale === 'en' ? en : ru);
