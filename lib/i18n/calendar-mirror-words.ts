import type { Locale } from './pick-locale';

/** What the CRM's booking calendar shows of our halls, staff and bookings (lib/bookings/calendar-mirror.ts). */
export interface CalendarMirrorWords {
  kindName: { hall: string; staff: string };
  capacity(guests: number): string;
  /** A booking's name: its number, and whether it still waits for confirmation. */
  bookingName(number: number, held: boolean): string;
  deal(id: string): string;
}

const ru: CalendarMirrorWords = {
  kindName: { hall: 'Залы', staff: 'Сотрудники' },
  capacity: (guests) => `До ${guests} гостей`,
  bookingName: (number, held) => `Бронь №${number}${held ? ' (не подтверждена)' : ''}`,
  deal: (id) => `Сделка №${id}`,
};

const en: CalendarMirrorWords = {
  kindName: { hall: 'Halls', staff: 'Staff' },
  capacity: (guests) => `Up to ${guests} guests`,
  bookingName: (number, held) => `Booking #${number}${held ? ' (not confirmed)' : ''}`,
  deal: (id) => `Deal #${id}`,
};

export function calendarMirrorWords(locale: Locale): CalendarMirrorWords {
  return locale === 'en' ? en : ru;
}
