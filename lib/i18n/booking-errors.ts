import type { Locale } from './pick-locale';

/** What the booking API says when it refuses, in the host's language (the UI shows it as it is). */
export interface BookingErrorWords {
  conflict: (p: {
    kind: 'hall' | 'staff';
    resource: string;
    date: string;
    from: string;
    to: string;
    number: number;
    dealId: string;
    bufferMin: number;
  }) => string;
  closed: (p: { kind: 'hall' | 'staff'; resource: string }) => string;
  noSuchTime: (p: { date: string; time: string; zone: string }) => string;
  badRange: string;
  dealHasBooking: (number: number) => string;
  cancelledWithPreorder: string;
  notFound: string;
  staleVersion: string;
  unknownResource: string;
  notAHall: string;
  resourceNameTaken: (name: string) => string;
  adminsOnly: string;
  cancelled: string;
  unknownGood: (id: number) => string;
  contactQuery: string;
  contactForm: string;
  contactPhone: string;
  contactEmail: string;
  contactNotFound: string;
  dealGone: string;
  crmFailed: string;
}

const kindRu = { hall: 'Зал', staff: 'Сотрудник' } as const;
const kindEn = { hall: 'Hall', staff: 'Staff member' } as const;

const ru: BookingErrorWords = {
  conflict: (p) =>
    `${kindRu[p.kind]} «${p.resource}» уже занят ${p.date} с ${p.from} до ${p.to}: бронь №${p.number}, сделка ${p.dealId}` +
    (p.bufferMin > 0 ? ` (с учётом перерыва ${p.bufferMin} мин между бронями).` : '.'),
  closed: (p) => `${kindRu[p.kind]} «${p.resource}» в это время не работает: выберите время в часы работы.`,
  noSuchTime: (p) =>
    `${p.date} времени ${p.time} нет: в этот день часы переводят (${p.zone}). Выберите другое время.`,
  badRange: 'Укажите дату, начало и конец брони (не длиннее суток).',
  dealHasBooking: (n) => `У этой сделки уже есть бронь №${n}: измените её.`,
  cancelledWithPreorder:
    'Бронь этой сделки отменена вместе с предзаказом в Лайме. Для новой брони создайте новую сделку.',
  notFound: 'Бронь не найдена.',
  staleVersion: 'Бронь только что изменил кто-то другой. Обновите страницу и повторите.',
  unknownResource: 'Такого зала или сотрудника нет (или он в архиве).',
  notAHall: 'В брони должен быть ровно один зал; сотрудников — сколько нужно.',
  resourceNameTaken: (name) => `«${name}» уже есть. Выберите другое название.`,
  adminsOnly: 'Залы и сотрудников настраивает администратор CRM.',
  cancelled: 'Бронь отменена: её нельзя изменить.',
  unknownGood: (id) => `Товара ${id} нет в Лайме (или он снят с продажи).`,
  contactQuery: 'Введите хотя бы 2 символа имени или телефона.',
  contactForm: 'Укажите имя контакта; фамилия, телефон и e-mail — по желанию.',
  contactPhone: 'Телефон указан с ошибкой: нужно от 10 до 15 цифр.',
  contactEmail: 'E-mail указан с ошибкой.',
  contactNotFound: 'Такого контакта нет в CRM (или его удалили).',
  dealGone: 'Этой сделки больше нет в CRM.',
  crmFailed: 'CRM сейчас не отвечает. Повторите через минуту.',
};

const en: BookingErrorWords = {
  conflict: (p) =>
    `${kindEn[p.kind]} “${p.resource}” is already booked on ${p.date} from ${p.from} to ${p.to}: booking #${p.number}, deal ${p.dealId}` +
    (p.bufferMin > 0 ? ` (including the ${p.bufferMin}-minute break between bookings).` : '.'),
  closed: (p) =>
    `${kindEn[p.kind]} “${p.resource}” is not working at that time: pick a time within working hours.`,
  noSuchTime: (p) =>
    `${p.time} does not exist on ${p.date}: the clocks change that day (${p.zone}). Pick another time.`,
  badRange: 'Give the date, the start and the end of the booking (at most a day long).',
  dealHasBooking: (n) => `This deal already has booking #${n}: change that one.`,
  cancelledWithPreorder:
    'This deal’s booking was cancelled together with its Lime pre-order. Create a new deal for a new booking.',
  notFound: 'The booking was not found.',
  staleVersion: 'Someone else has just changed this booking. Reload and try again.',
  unknownResource: 'No such hall or staff member (or it is archived).',
  notAHall: 'A booking holds exactly one hall and any number of staff.',
  resourceNameTaken: (name) => `“${name}” exists already. Pick another name.`,
  adminsOnly: 'Halls and staff are set up by a CRM administrator.',
  cancelled: 'The booking is cancelled: it cannot be changed.',
  unknownGood: (id) => `Lime has no good ${id} (or it is no longer sold).`,
  contactQuery: 'Type at least 2 characters of a name or a phone number.',
  contactForm: 'Give the contact’s first name; the last name, phone and e-mail are optional.',
  contactPhone: 'The phone number is wrong: it needs 10 to 15 digits.',
  contactEmail: 'The e-mail address is wrong.',
  contactNotFound: 'The CRM has no such contact (or it was deleted).',
  dealGone: 'The CRM no longer has this deal.',
  crmFailed: 'The CRM is not answering right now. Try again in a minute.',
};

export function bookingErrorWords(locale: Locale): BookingErrorWords {
  return locale === 'en' ? en : ru;
}
