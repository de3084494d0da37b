import type { BookingView } from '@/lib/bookings/booking-api';
import type { BookingWords } from '@/lib/i18n/booking-words';

const TONES = { held: 'bg-warning', confirmed: 'bg-success', cancelled: 'bg-description' } as const;

/** A booking's status as a b24ui badge (20 px pill, 12 px bold): held orange, confirmed green, cancelled grey. */
export function StatusBadge({
  status,
  words,
  testId,
  className = '',
}: {
  status: BookingView['status'];
  words: BookingWords;
  testId: string;
  className?: string;
}) {
  return (
    <span
      className={`inline-block h-5 rounded-full px-2 align-middle text-xs leading-5 font-bold text-white ${TONES[status]} ${className}`}
      data-testid={testId}
    >
      {words.statuses[status]}
    </span>
  );
}
