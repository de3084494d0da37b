import type { Locale } from './pick-locale';
import { ruPlural } from './ru-plural';

type Kind = 'birthday' | 'winback' | 'nps' | 'manual';
type Who = 'clients' | 'children' | 'both';
/** How many people a campaign picks (today, or in a preview), and how many of them for a child. */
export interface AudienceCount {
  people: number;
  clients: number;
  children: number;
}

/** The settings section «Рассылки и бонусы»: the birthday bonus, mailing limits, campaigns, NPS, by language. */
export interface MailingWords {
  title: string;
  intro: string;
  readOnly: string;
  save: string;
  saved: string;
  birthday: {
    title: string;
    enabled: string;
    clientAmount: string;
    childAmount: string;
    daysBefore: string;
    daysHint: string;
    hour: string;
    amountInvalid: (field: string) => string;
  };
  limits: {
    title: string;
    intro: string;
    quietFrom: string;
    quietTo: string;
    dailyCap: string;
    capInvalid: string;
  };
  campaigns: {
    title: string;
    none: string;
    add: string;
    kinds: Record<Kind, string>;
    name: string;
    today: string;
    on: string;
    off: string;
    enable: string;
    disable: string;
    edit: string;
    readOnly: string;
    start: string;
    started: (people: number) => string;
    audience: (count: AudienceCount) => string;
  };
  form: {
    newTitle: (kind: string) => string;
    editTitle: (name: string) => string;
    name: string;
    daysBefore: string;
    who: string;
    whos: Record<Who, string>;
    daysWithout: string;
    pipeline: string;
    fromStage: string;
    toStage: string;
    npsHint: string;
    /** When a missed birthday mailing is still sent (lib/domain/birthday-catch-up.ts). */
    birthdayHint: string;
    filter: string;
    delivery: string;
    modes: Record<'trigger' | 'workflow' | 'lead', string>;
    dealPipeline: string;
    dealStage: string;
    template: string;
    /** Bitrix24 trigger: try it on a test deal (did a rule react?). */
    checkDeal: string;
    checkButton: string;
    checkNote: string;
    leadPipeline: string;
    leadStatus: string;
    bonus: string;
    bonusHint: string;
    preview: string;
    previewTitle: string;
    sample: string;
    save: string;
    cancel: string;
    saved: string;
    pick: string;
    targetsFailed: (error: string) => string;
  };
  sends: {
    title: string;
    none: string;
    statuses: Record<'queued' | 'sent' | 'failed' | 'skipped', string>;
    /** What the CRM showed of a sent one, where it was checked (a confirmed one needs no words). */
    checks: Record<'not_confirmed' | 'unknown', string>;
    due: string;
    someone: (clientId: number) => string;
  };
  nps: {
    title: string;
    intro: string;
    empty: string;
    score: string;
    weekly: string;
    answers: (n: number) => string;
    groups: Record<'promoters' | 'passives' | 'detractors', string>;
    share: (n: number, percent: number) => string;
  };
}

const ruPeople = (n: number) => `${n} ${ruPlural(n, 'человек', 'человека', 'человек')}`;

const ru: MailingWords = {
  title: 'Рассылки и бонусы',
  intro:
    'Мы выбираем получателей из данных Лайма и запускаем автоматизацию CRM: письмо, SMS или сообщение отправляет сама CRM по своему шаблону.',
  readOnly: 'Изменять рассылки и бонусы может только администратор CRM.',
  save: 'Сохранить',
  saved: 'Сохранено',
  birthday: {
    title: 'Бонусы в день рождения',
    enabled: 'Начислять бонусы на дни рождения клиентов и их детей',
    clientAmount: 'Клиенту, ₽',
    childAmount: 'За каждого ребёнка, ₽',
    daysBefore: 'За сколько дней до дня рождения',
    daysHint:
      '0 — в сам день; родившимся 29 февраля — 28 февраля. Пропущенное (приложение было недоступно, клиент появился позже) начисляется до недели после дня рождения.',
    hour: 'Час начисления (время парка)',
    amountInvalid: (field) => `${field}: введите сумму в рублях, например 500 или 250,50`,
  },
  limits: {
    title: 'Ограничения рассылок',
    intro:
      'В тихие часы ничего не отправляется: отправки ждут их окончания. Сверх дневного лимита — на следующий день.',
    quietFrom: 'Тихие часы с',
    quietTo: 'до',
    dailyCap: 'Не больше отправок в день',
    capInvalid: 'Дневной лимит — целое число от 1',
  },
  campaigns: {
    title: 'Рассылки',
    none: 'Рассылок пока нет. Создайте первую: поздравление с днём рождения, возврат ушедших клиентов, опрос NPS или рассылку по списку.',
    add: 'Новая рассылка',
    kinds: {
      birthday: 'День рождения',
      winback: 'Возврат клиентов',
      nps: 'Опрос NPS',
      manual: 'По списку',
    },
    name: 'Название',
    today: 'Сегодня',
    on: 'Включена',
    off: 'Выключена',
    enable: 'Включить',
    disable: 'Выключить',
    edit: 'Изменить',
    readOnly: 'Рассылки включает и меняет администратор CRM; вам они видны без права изменения.',
    start: 'Запустить сейчас',
    started: (people) => `Рассылка запущена: ${ruPeople(people)}`,
    audience: ({ people, children }) =>
      people === 0
        ? 'никого'
        : `${ruPeople(people)}${children > 0 ? `, из них ${children} — по дню рождения ребёнка` : ''}`,
  },
  form: {
    newTitle: (kind) => `Новая рассылка: ${kind}`,
    editTitle: (name) => `Рассылка «${name}»`,
    name: 'Название',
    daysBefore: 'За сколько дней до дня рождения',
    who: 'Чьи дни рождения',
    whos: { clients: 'Клиентов', children: 'Детей клиентов', both: 'Клиентов и их детей' },
    daysWithout: 'Дней без посещения',
    pipeline: 'Воронка',
    fromStage: 'Со стадии',
    toStage: 'На стадию',
    npsHint: 'Опрос уходит, когда сделка переходит именно с первой стадии на вторую.',
    birthdayHint:
      'Если в свой день поздравление не ушло (приложение было недоступно, клиент появился в Лайме позже), оно уходит позже — но только до дня рождения включительно: после праздника не поздравляем.',
    filter: 'Кому: фильтр по клиентам Лайма',
    delivery: 'Как отправляет CRM',
    modes: {
      trigger: 'Триггер приложения на сделке',
      workflow: 'Шаблон бизнес-процесса',
      lead: 'Сделка в статусе воронки',
    },
    dealPipeline: 'Воронка новой сделки',
    dealStage: 'Стадия новой сделки',
    template: 'Шаблон бизнес-процесса для контакта',
    checkDeal: 'Проверить триггер на сделке (ID)',
    checkButton: 'Проверить',
    checkNote:
      'Триггер запустится на этой сделке по-настоящему: если правило сработает, сделка перейдёт на стадию и её роботы отправят сообщение контакту сделки. Возьмите тестовую сделку.',
    leadPipeline: 'Воронка',
    leadStatus: 'Статус',
    bonus: 'Бонус с каждой отправкой, ₽',
    bonusHint: 'пусто — без бонуса',
    preview: 'Кто получит сегодня',
    previewTitle: 'Сегодня получат',
    sample: 'Например',
    save: 'Сохранить рассылку',
    cancel: 'Отмена',
    saved: 'Рассылка сохранена',
    pick: 'Выберите…',
    targetsFailed: (error) => `Не удалось получить воронки и шаблоны CRM: ${error}`,
  },
  sends: {
    title: 'Последние отправки',
    none: 'Отправок ещё не было.',
    statuses: { queued: 'Ждёт', sent: 'Отправлено', failed: 'Не отправлено', skipped: 'Пропущено' },
    checks: {
      not_confirmed:
        'Триггер запущен, но не подтверждён: сделка не перешла на другую стадию — похоже, ни одно правило на триггер не отреагировало.',
      unknown:
        'Не известно, ушло ли сообщение: прошлая попытка прервалась, не узнав ответа CRM, а следов её запуска CRM не показывает. Повторно не отправлялось, чтобы не отправить дважды.',
    },
    due: 'не раньше',
    someone: (id) => `Клиент ${id}`,
  },
  nps: {
    title: 'Оценки NPS',
    intro: 'Ответы клиентов на опросы NPS за последние 90 дней.',
    empty: 'Ответов пока нет. Они появятся, когда клиенты ответят на опрос NPS.',
    score: 'NPS',
    weekly: 'NPS по неделям',
    answers: (n) => `${n} ${ruPlural(n, 'ответ', 'ответа', 'ответов')}`,
    groups: { promoters: 'Промоутеры (9–10)', passives: 'Нейтральные (7–8)', detractors: 'Критики (0–6)' },
    share: (n, percent) => `${n} (${percent}%)`,
  },
};

const en: MailingWords = {
  title: 'Mailings and bonuses',
  intro:
    'We pick the recipients from Lime’s data and start the CRM’s automation: the CRM itself sends the e-mail, text or message from its own template.',
  readOnly: 'Only an administrator of the CRM can change mailings and bonuses.',
  save: 'Save',
  saved: 'Saved',
  birthday: {
    title: 'Birthday bonuses',
    enabled: 'Credit bonuses on the birthdays of clients and their children',
    clientAmount: 'To the client, ₽',
    childAmount: 'For each child, ₽',
    daysBefore: 'Days before the birthday',
    daysHint:
      '0: on the day; those born on 29 February: on 28 February. One missed (the app was unavailable, the client came later) is credited up to a week after the birthday.',
    hour: 'Hour of the credit (park time)',
    amountInvalid: (field) => `${field}: type an amount in rubles, e.g. 500 or 250.50`,
  },
  limits: {
    title: 'Mailing limits',
    intro:
      'Nothing is sent in the quiet hours: sends wait for them to end. Beyond the daily cap, the next day.',
    quietFrom: 'Quiet hours from',
    quietTo: 'to',
    dailyCap: 'At most sends a day',
    capInvalid: 'The daily cap is a whole number from 1',
  },
  campaigns: {
    title: 'Mailings',
    none: 'No mailings yet. Make the first: birthday greetings, win-back, an NPS survey or a mailing to a list.',
    add: 'New mailing',
    kinds: { birthday: 'Birthday', winback: 'Win-back', nps: 'NPS survey', manual: 'To a list' },
    name: 'Name',
    today: 'Today',
    on: 'On',
    off: 'Off',
    enable: 'Turn on',
    disable: 'Turn off',
    edit: 'Edit',
    readOnly: 'An administrator of the CRM turns mailings on and changes them; you see them read-only.',
    start: 'Start now',
    started: (people) => `Mailing started: ${people} ${people === 1 ? 'person' : 'people'}`,
    audience: ({ people, children }) =>
      people === 0
        ? 'nobody'
        : `${people} ${people === 1 ? 'person' : 'people'}${
            children > 0
              ? `, ${children} of them ${children === 1 ? 'a child’s birthday' : 'children’s birthdays'}`
              : ''
          }`,
  },
  form: {
    newTitle: (kind) => `New mailing: ${kind}`,
    editTitle: (name) => `Mailing “${name}”`,
    name: 'Name',
    daysBefore: 'Days before the birthday',
    who: 'Whose birthdays',
    whos: { clients: 'Clients’', children: 'Clients’ children’s', both: 'Clients’ and their children’s' },
    daysWithout: 'Days without a visit',
    pipeline: 'Pipeline',
    fromStage: 'From stage',
    toStage: 'To stage',
    npsHint: 'The survey goes when a deal moves from the first stage straight to the second.',
    birthdayHint:
      'A greeting missed on its day (the app was unavailable, the client reached Lime later) goes later — but only up to the birthday itself: never after the day.',
    filter: 'To whom: a filter over Lime’s clients',
    delivery: 'How the CRM sends',
    modes: {
      trigger: 'The app’s trigger on a deal',
      workflow: 'A business process template',
      lead: 'A lead in a pipeline status',
    },
    dealPipeline: 'Pipeline of the new deal',
    dealStage: 'Stage of the new deal',
    template: 'Business process template for the contact',
    checkDeal: 'Try the trigger on a deal (ID)',
    checkButton: 'Try',
    checkNote:
      'The trigger really runs on that deal: if a rule reacts, the deal moves to its stage and that stage’s rules send the message to the deal’s contact. Use a test deal.',
    leadPipeline: 'Pipeline',
    leadStatus: 'Status',
    bonus: 'Bonus with each send, ₽',
    bonusHint: 'empty: no bonus',
    preview: 'Who gets it today',
    previewTitle: 'Today it goes to',
    sample: 'For example',
    save: 'Save the mailing',
    cancel: 'Cancel',
    saved: 'Mailing saved',
    pick: 'Choose…',
    targetsFailed: (error) => `Could not read the CRM’s pipelines and templates: ${error}`,
  },
  sends: {
    title: 'Latest sends',
    none: 'Nothing has been sent yet.',
    statuses: { queued: 'Waiting', sent: 'Sent', failed: 'Not sent', skipped: 'Skipped' },
    checks: {
      not_confirmed:
        'Trigger run, not confirmed: the deal did not move to another stage — it looks as if no rule reacted to the trigger.',
      unknown:
        'Unknown whether the message went: an earlier attempt stopped before hearing the CRM’s answer, and the CRM shows no trace of it. Not sent again, so as not to send it twice.',
    },
    due: 'not before',
    someone: (id) => `Client ${id}`,
  },
  nps: {
    title: 'NPS answers',
    intro: 'Clients’ answers to the NPS surveys over the last 90 days.',
    empty: 'No answers yet. They appear when clients answer an NPS survey.',
    score: 'NPS',
    weekly: 'NPS by week',
    answers: (n) => `${n} ${n === 1 ? 'answer' : 'answers'}`,
    groups: { promoters: 'Promoters (9–10)', passives: 'Passives (7–8)', detractors: 'Detractors (0–6)' },
    share: (n, percent) => `${n} (${percent}%)`,
  },
};

export const mailingWords: Record<Locale, MailingWords> = { ru, en };
