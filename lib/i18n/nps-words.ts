import type { Locale } from './pick-locale';

/** The public NPS page and the CRM's record of an answer, in the tenant's language. */
export interface NpsWords {
  title: string;
  question: string;
  unlikely: string;
  likely: string;
  commentLabel: string;
  commentHint: string;
  send: string;
  chooseScore: string;
  thanks: string;
  thanksText: string;
  answered: string;
  yourScore: (score: number) => string;
  yourComment: string;
  invalidTitle: string;
  invalidText: string;
  expiredTitle: string;
  expiredText: string;
  busyTitle: string;
  busyText: (seconds: number) => string;
  /** The CRM timeline entry. */
  logTitle: string;
  logText: (score: number, comment: string | null) => string;
}

const ru: NpsWords = {
  title: 'Оцените нас',
  question: 'Насколько вероятно, что вы порекомендуете нас друзьям?',
  unlikely: 'точно нет',
  likely: 'обязательно',
  commentLabel: 'Что нам сделать лучше?',
  commentHint: 'Необязательно',
  send: 'Отправить',
  chooseScore: 'Выберите оценку от 0 до 10.',
  thanks: 'Спасибо!',
  thanksText: 'Ваш ответ получен. Он поможет нам стать лучше.',
  answered: 'Вы уже ответили на этот опрос.',
  yourScore: (score) => `Ваша оценка: ${score} из 10`,
  yourComment: 'Ваш комментарий',
  invalidTitle: 'Ссылка не работает',
  invalidText: 'Ссылка на опрос повреждена или неполная. Откройте её ещё раз из сообщения — целиком.',
  expiredTitle: 'Опрос завершён',
  expiredText: 'Срок ответа по этой ссылке истёк. Спасибо, что заглянули!',
  busyTitle: 'Слишком много запросов',
  busyText: (seconds) => `Подождите ${seconds} с и обновите страницу.`,
  logTitle: 'Лайм: оценка NPS',
  logText: (score, comment) => `Оценка ${score} из 10.${comment ? ` Комментарий: ${comment}` : ''}`,
};

const en: NpsWords = {
  title: 'Rate us',
  question: 'How likely are you to recommend us to a friend?',
  unlikely: 'not at all',
  likely: 'extremely',
  commentLabel: 'What could we do better?',
  commentHint: 'Optional',
  send: 'Send',
  chooseScore: 'Choose a score from 0 to 10.',
  thanks: 'Thank you!',
  thanksText: 'We have your answer. It helps us get better.',
  answered: 'You have already answered this survey.',
  yourScore: (score) => `Your score: ${score} of 10`,
  yourComment: 'Your comment',
  invalidTitle: 'This link does not work',
  invalidText: 'The survey link is damaged or cut short. Open it again from the message, in full.',
  expiredTitle: 'The survey is closed',
  expiredText: 'This link has expired. Thank you for stopping by!',
  busyTitle: 'Too many requests',
  busyText: (seconds) => `Wait ${seconds} s, then reload the page.`,
  logTitle: 'Lime: NPS answer',
  logText: (score, comment) => `Score ${score} of 10.${comment ? ` Comment: ${comment}` : ''}`,
};

export const npsWords = (locale: Locale): NpsWords => (locale === 'en' ? en : ru);
