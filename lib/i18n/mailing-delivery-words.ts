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
  dealGone: (id: string) => string;
  /** "Try the trigger on a deal" (settings, Bitrix24). */
  testDealInvalid: string;
  testConfirmed: (dealId: string) => string;
  testNotConfirmed: (dealId: string) => string;
  unsupported: (reason: string) => string;
  refused: (reason: string) => string;
  /** The title of a deal or lead made for one message. */
  title: (campaign: string) => string;
  /** The settings' notes on what this CRM can do. */
  webhookOnlyWorkflows: string;
  triggerHow: string;
  workflowHow: string;
  noTemplates: string;
  leadHow: string;
  crmFailed: string;
}

const ru: MailingDeliveryWords = {
  sendGone: 'Отправка не найдена: рассылку удалили или изменили.',
  notConfigured: 'Не выбрано, как CRM отправляет сообщение: откройте настройки рассылки и выберите способ.',
  otherCrm: 'Способ отправки настроен для другой CRM: выберите его заново в настройках рассылки.',
  noContact: 'У клиента нет контакта в CRM: сообщение некому отправить.',
  contactGone: (id) => `Контакта ${id} больше нет в CRM: сообщение не отправлено.`,
  dealGone: (id) => `Сделки ${id} больше нет в CRM: триггер рассылки не на чем запустить.`,
  testDealInvalid: 'Укажите номер (ID) сделки — только цифры.',
  testConfirmed: (id) =>
    `Сработало: сделка ${id} перешла на стадию, к которой привязан триггер, и роботы этой стадии запущены — сообщение уходит контакту сделки.`,
  testNotConfirmed: (id) =>
    `Не подтверждено: Битрикс24 принял триггер, но сделка ${id} осталась на своей стадии — ни одно правило не отреагировало. Привяжите триггер «Лайм: рассылка» к стадии в роботах этой воронки (стадия должна быть дальше текущей стадии сделки).`,
  unsupported: (reason) => `CRM не может отправить сообщение так, как настроено: ${reason}`,
  refused: (reason) => `CRM отказала в запуске рассылки: ${reason}`,
  title: (campaign) => `Рассылка: ${campaign}`,
  webhookOnlyWorkflows:
    'Портал подключён вебхуком: триггеры приложения в нём не работают. Выберите бизнес-процесс для контактов — он запустится на контакте получателя.',
  triggerHow:
    'Приложение запускает свой триггер «Лайм: рассылка» на сделке (для NPS — на самой сделке, для остальных — на новой сделке в выбранной воронке и стадии). Привяжите триггер к стадии и поставьте на ней робота, который отправит сообщение. Битрикс24 не сообщает, сработало ли правило: на триггер он всегда отвечает «выполнено», даже если ни одно правило к нему не привязано. Поэтому приложение смотрит стадию сделки до и после: если сделка не перешла на другую стадию, отправка помечается «не подтверждена».',
  workflowHow:
    'Приложение запускает выбранный бизнес-процесс на контакте получателя. В шаблоне сообщения используйте поля контакта «Лайм: …». Если попытка прервалась, не узнав ответа Битрикс24, процесс второй раз не запускается: приложение ищет его среди выполняющихся, а не найдя (быстрый процесс уже завершился), помечает отправку «неизвестно, ушло ли».',
  crmFailed: 'CRM не ответила: списки воронок и бизнес-процессов не загружены. Попробуйте ещё раз позже.',
  noTemplates:
    'Бизнес-процессов для контактов пока нет: создайте шаблон в настройках CRM, затем обновите эту страницу.',
  leadHow:
    'Приложение создаёт для получателя сделку в выбранном этапе. Поставьте на этапе Salesbot или действие цифровой воронки, которое отправит сообщение; в шаблоне используйте поля контакта «Лайм: …».',
};

const en: MailingDeliveryWords = {
  sendGone: 'The send is gone: the mailing was deleted or changed.',
  notConfigured: 'How the CRM sends the message is not chosen: open the mailing’s settings and choose it.',
  otherCrm: 'The delivery is set up for another CRM: choose it again in the mailing’s settings.',
  noContact: 'The client has no contact in the CRM: there is nobody to send the message to.',
  contactGone: (id) => `Contact ${id} is no longer in the CRM: the message was not sent.`,
  dealGone: (id) => `Deal ${id} is no longer in the CRM: there is nothing to run the mailing’s trigger on.`,
  testDealInvalid: 'Enter the deal’s ID — digits only.',
  testConfirmed: (id) =>
    `It works: deal ${id} moved to the stage the trigger is linked to, and that stage’s rules ran — the message goes to the deal’s contact.`,
  testNotConfirmed: (id) =>
    `Not confirmed: Bitrix24 took the trigger, but deal ${id} stayed at its stage — no rule reacted. Link the trigger “Lime: mailing” to a stage in this pipeline’s automation rules (a stage after the deal’s current one).`,
  unsupported: (reason) => `The CRM cannot send the message as set up: ${reason}`,
  refused: (reason) => `The CRM refused to run the mailing: ${reason}`,
  title: (campaign) => `Mailing: ${campaign}`,
  webhookOnlyWorkflows:
    'This portal is connected by a webhook: app triggers do not work on it. Choose a business process for contacts: it starts on the recipient’s contact.',
  triggerHow:
    'The app runs its trigger “Lime: mailing” on a deal (for NPS the deal itself, otherwise a new deal in the chosen pipeline and stage). Link the trigger to a stage and put there the automation rule that sends the message. Bitrix24 does not say whether a rule reacted: it answers a trigger with “done” even when no rule is linked to it. So the app reads the deal’s stage before and after: when the deal did not move to another stage, the send is marked “not confirmed”.',
  workflowHow:
    'The app starts the chosen business process on the recipient’s contact. Use the contact’s “Lime: …” fields in the message template. When an attempt stops before hearing Bitrix24’s answer, the process is not started a second time: the app looks for it among the running ones and, not finding it (a quick process has already finished), marks the send “unknown whether it went”.',
  crmFailed:
    'The CRM did not answer: the pipelines and business processes could not be loaded. Try again later.',
  noTemplates:
    'There are no business processes for contacts yet: make a template in the CRM’s settings, then reload this page.',
  leadHow:
    'The app makes a deal for the recipient in the chosen status. Put a Salesbot or a Digital Pipeline action on that status to send the message; use the contact’s “Lime: …” fields in its template.',
};

export const mailingDeliveryWords = (locale: Locale): MailingDeliveryWords => (locale === 'en' ? en : ru);
