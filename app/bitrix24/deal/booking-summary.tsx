'use client';

import type { B24Frame } from '@bitrix24/b24jssdk';
import { useEffect, useState } from 'react';
import type { BookingBoard } from '@/lib/bookings/booking-api';
import { formatRubles, kopecks } from '@/lib/domain/money';
import { bookingWords } from '@/lib/i18n/booking-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import { useTokenData } from '../_components/use-embed-session';
import type { EmbedHost } from '../_components/use-host-frame';
import { StatusBadge } from '../booking/status-badge';
import { Button } from '../settings/fields';

/** What the widget's script tells the card frame when the modal it opened for it closes. */
const MODAL_CLOSED = 'lime-bridge:modal-closed';
const SLIDER_WIDTH = 1200;

/**
 * The deal's booking in its card: number, hall, staff, the venue's local date and time, status,
 * the Lime pre-order, the total — and the button that opens the calendar (Bitrix24: the app in a
 * slider; amoCRM: our widget's modal). Read again when the slider or modal closes.
 */
export function BookingSummary({
  token,
  locale,
  host,
  b24,
  dealTitle,
}: {
  token: string | null | undefined;
  locale: Locale;
  host: EmbedHost;
  b24: B24Frame | null;
  /** The slider's title (the deal's own, as the portal shows it). */
  dealTitle: string | null;
}) {
  const words = bookingWords[locale];
  const t = words.summary;
  const [reload, setReload] = useState(0);
  const state = useTokenData<BookingBoard>(token, '/api/embed/bookings?days=1', t.none, reload);
  const framed = host === 'amocrm' ? typeof window !== 'undefined' && window.parent !== window : b24 !== null;

  useEffect(() => {
    if (host !== 'amocrm') return;
    const listener = (event: MessageEvent) => {
      if (event.source === window.parent && event.data?.type === MODAL_CLOSED) setReload((n) => n + 1);
    };
    window.addEventListener('message', listener);
    return () => window.removeEventListener('message', listener);
  }, [host]);

  if (state.phase !== 'ready') return null;
  const board = state.data;
  const booking = board.booking;

  function open() {
    if (host === 'amocrm') {
      // Our own query (lang, and the signed host that may frame our pages) goes with the path.
      const path = `/amocrm/booking${window.location.search}`;
      window.parent.postMessage({ type: 'lime-bridge:open-modal', path }, '*');
      return;
    }
    b24?.slider
      .openSliderAppPage({
        open: 'booking',
        deal: board.dealId,
        bx24_width: SLIDER_WIDTH,
        bx24_title: dealTitle || words.calendar.title,
      })
      .then(() => setReload((n) => n + 1))
      .catch(() => {});
  }

  const names = (ids: string[]) =>
    ids.map((id) => board.resources.find((r) => r.id === id)?.name ?? '—').join(', ');
  const when = booking
    ? `${new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
        day: 'numeric',
        month: 'long',
        timeZone: 'UTC',
      }).format(new Date(`${booking.date}T00:00:00Z`))}, ${booking.start}–${booking.end}`
    : '';

  return (
    <section className="rounded-lg bg-surface p-4" data-testid="booking-summary">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <h2 className="text-2xl font-light text-fg">
          {t.title}
          {booking && <span data-testid="booking-summary-number"> {t.number(booking.number)}</span>}
        </h2>
        {booking && <StatusBadge status={booking.status} words={words} testId="booking-summary-status" />}
        {framed && (
          <Button
            tone={booking ? 'secondary' : 'primary'}
            className="ml-auto"
            onClick={open}
            data-testid="booking-open"
          >
            {booking ? t.open : t.book}
          </Button>
        )}
      </div>
      {booking ? (
        <dl
          className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm"
          data-testid="booking-summary-facts"
        >
          <dt className="text-description">{words.form.hall}</dt>
          <dd className="text-fg">{names([booking.hallId])}</dd>
          {booking.staffIds.length > 0 && (
            <>
              <dt className="text-description">{t.staff}</dt>
              <dd className="text-fg">{names(booking.staffIds)}</dd>
            </>
          )}
          <dt className="text-description">{words.form.date}</dt>
          <dd className="text-fg" data-testid="booking-summary-when">
            {when} <span className="text-description">({board.zone})</span>
          </dd>
          {booking.preorder && (
            <>
              <dt className="text-description">{t.lime}</dt>
              <dd className="text-fg">
                {t.preorder(booking.preorder.number ?? String(booking.preorder.id))}
              </dd>
            </>
          )}
          <dt className="text-description">{t.total}</dt>
          <dd className="font-medium text-fg tabular-nums">
            {formatRubles(kopecks(booking.totalKopecks), locale)}
          </dd>
        </dl>
      ) : (
        <p className="mt-1 text-sm text-description">{t.none}</p>
      )}
      {booking?.pushError && (
        <p className="mt-2 rounded-sm bg-soft-orange px-3 py-2 text-sm" role="alert">
          {t.pushError}: {booking.pushError}
        </p>
      )}
    </section>
  );
}
