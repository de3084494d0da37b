'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { BookingBoard, BookingView } from '@/lib/bookings/booking-api';
import {
  addDays,
  boardDays,
  hourSpan,
  lengthMinutes,
  mondayOf,
  plusMinutes,
  todayIn,
} from '@/lib/domain/booking-board';
import { getDictionary } from '@/lib/i18n';
import { type BookingWords, bookingWords } from '@/lib/i18n/booking-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import type { DealCard } from '@/lib/sync/embed-api';
import { fetchEmbedded, useEmbedToken } from '../_components/use-embed-session';
import { type EmbedHost, useHostFrame } from '../_components/use-host-frame';
import { Button, Notice } from '../settings/fields';
import { BookingCalendar, type Pick } from './booking-calendar';
import {
  type ContactChoice,
  createBody,
  DEFAULT_LENGTH_MIN,
  type Draft,
  draftOf,
  editBody,
  emptyDraft,
  orderChanged,
  orderOf,
  whenChanged,
  whenOf,
} from './booking-draft';
import { type BookingAction, BookingForm } from './booking-form';

type View = 'day' | 'week';
const BOARD = '/api/embed/bookings';

/**
 * The booking calendar of one deal (a Bitrix24 slider or an amoCRM modal): the board of halls and
 * staff for a day or a week, and the deal's booking in a form — create, move, shift by a day,
 * confirm, cancel, restore, on the version the page holds. A refusal from the API (a conflict, a
 * closed hour, a stale version) is shown as it is, in the host's language.
 */
export function BookingScreen({ locale, host = 'bitrix24' }: { locale: Locale; host?: EmbedHost }) {
  const words = bookingWords[locale];
  const t = words.calendar;
  const noSession = getDictionary(locale).limeCard.noSession;
  const token = useEmbedToken();
  useHostFrame(host);
  const [query, setQuery] = useState<{ from: string | null; view: View }>({ from: null, view: 'day' });
  const [board, setBoard] = useState<BookingBoard | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [dealContact, setDealContact] = useState<ContactChoice | null | undefined>(undefined);
  const [working, setWorking] = useState<BookingAction | 'contact' | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  const read = useCallback(
    async (from: string | null, view: View) => {
      if (!token) return null;
      const params = new URLSearchParams({ days: view === 'day' ? '1' : '7' });
      if (from) params.set('from', from);
      return fetchEmbedded<BookingBoard>(`${BOARD}?${params}`, token);
    },
    [token],
  );

  useEffect(() => {
    if (token === undefined) return;
    if (token === null) {
      setFailure(noSession);
      return;
    }
    let stale = false;
    read(query.from, query.view)
      .then((next) => {
        if (stale || !next) return;
        setBoard(next);
        setFailure(null);
      })
      .catch((e: Error) => !stale && setFailure(e.message));
    return () => {
      stale = true;
    };
  }, [token, query, read, noSession]);

  // The deal's contact: the first choice for a new booking, and the name of an attached one.
  useEffect(() => {
    if (!token) return;
    fetchEmbedded<DealCard>('/api/embed/deal-card', token)
      .then((card) =>
        setDealContact(
          card.card
            ? {
                id: card.card.contact.id,
                name: card.card.contact.name,
                phone: card.card.client?.phone ? `+${card.card.client.phone}` : null,
                limeClientId: card.card.client?.id ?? null,
              }
            : null,
        ),
      )
      .catch(() => setDealContact(null));
  }, [token]);

  useEffect(() => {
    if (!board || draft || dealContact === undefined) return;
    setDraft(board.booking ? draftOf(board.booking, dealContact) : emptyDraft(board.from, dealContact));
  }, [board, draft, dealContact]);

  const days = useMemo(() => (board ? boardDays(board.from, board.days, board.zone) : []), [board]);
  const span = useMemo(() => hourSpan(board?.resources ?? [], days), [board, days]);

  if (!board || !token || !draft) {
    return (
      <main className="bg-page p-3" data-testid="booking-screen" data-phase={failure ? 'error' : 'loading'}>
        <p className={`p-4 text-sm ${failure ? 'text-danger' : 'text-description'}`} role="status">
          {failure ?? t.loading}
        </p>
      </main>
    );
  }
  const booking = board.booking;

  function pick(p: Pick) {
    const current = draft as Draft;
    const length =
      current.start && current.end ? lengthMinutes(current.start, current.end) : DEFAULT_LENGTH_MIN;
    setNotice(null);
    setDraft({
      ...current,
      date: p.date,
      start: p.time,
      end: plusMinutes(p.time, length, span.to),
      ...(p.resource.kind === 'hall'
        ? { hallId: p.resource.id }
        : {
            staffIds: current.staffIds.includes(p.resource.id)
              ? current.staffIds
              : [...current.staffIds, p.resource.id],
          }),
    });
  }

  async function post(body: unknown): Promise<BookingView> {
    const answer = await fetchEmbedded<{ booking: BookingView }>(BOARD, token as string, {
      method: 'POST',
      body,
    });
    return answer.booking;
  }

  /** After a change: the form shows the booking as saved, the board the day it is on now. */
  async function settle(saved: BookingView, text: string) {
    const from = query.view === 'day' ? saved.date : mondayOf(saved.date);
    if (from !== board?.from) {
      setBoard((b) => b && { ...b, booking: saved });
      setQuery({ ...query, from });
    } else {
      const next = await read(from, query.view);
      if (next) setBoard(next);
    }
    setDraft(draftOf(saved, draft?.contact ?? null));
    setNotice({ ok: true, text });
  }

  async function act(action: BookingAction) {
    const current = draft as Draft;
    setWorking(action);
    setNotice(null);
    try {
      if (action === 'create') {
        const saved = await post(createBody(current));
        await settle(saved, words.done.created(saved.number));
        return;
      }
      let saved = booking as BookingView;
      const edit = async (change: Record<string, unknown>) => {
        saved = await post(editBody(saved, change));
      };
      if (action === 'save') {
        if (whenChanged(current, saved)) await edit({ action: 'reschedule', when: whenOf(current) });
        if (orderChanged(current, saved)) await edit({ action: 'order', ...orderOf(current) });
        await settle(saved, words.done.saved);
      } else if (action === 'back' || action === 'forward') {
        await edit({ action: 'shift', days: action === 'back' ? -1 : 1 });
        await settle(saved, words.done.shifted);
      } else {
        await edit({ action });
        const done = {
          confirm: words.done.confirmed,
          cancel: words.done.cancelled,
          restore: words.done.restored,
        };
        await settle(saved, done[action]);
      }
    } catch (e) {
      setNotice({ ok: false, text: (e as Error).message });
    } finally {
      setWorking(null);
    }
  }

  /** The contact goes into the draft; an existing booking takes it at once (and the deal, as its main contact). */
  async function chooseContact(contact: ContactChoice) {
    const current = draft as Draft;
    setDraft({ ...current, contact });
    if (!booking) return;
    setWorking('contact');
    setNotice(null);
    try {
      const saved = await post(editBody(booking, { action: 'contact', contactId: contact.id }));
      setBoard({ ...board, booking: saved } as BookingBoard);
      setNotice({ ok: true, text: words.done.contact });
    } catch (e) {
      setNotice({ ok: false, text: (e as Error).message });
      setDraft(current);
    } finally {
      setWorking(null);
    }
  }

  const go = (from: string, view: View = query.view) =>
    setQuery({ from: view === 'week' ? mondayOf(from) : from, view });
  const step = query.view === 'day' ? 1 : 7;
  const dateLabel = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    weekday: query.view === 'day' ? 'long' : undefined,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const title =
    query.view === 'day'
      ? dateLabel.format(new Date(`${board.from}T00:00:00Z`))
      : `${dateLabel.format(new Date(`${board.from}T00:00:00Z`))} — ${dateLabel.format(
          new Date(`${addDays(board.from, 6)}T00:00:00Z`),
        )}`;

  return (
    <main className="space-y-3 bg-page p-3 text-fg" data-testid="booking-screen" data-phase="ready">
      <header className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="text-4xl font-light">{t.title}</h1>
        <div className="flex rounded-sm border border-stroke bg-surface p-0.5 text-sm" role="tablist">
          {(['day', 'week'] as const).map((view) => (
            <button
              key={view}
              type="button"
              role="tab"
              aria-selected={query.view === view}
              data-testid={`booking-view-${view}`}
              className={`rounded-2xs px-3 py-1 font-medium ${
                query.view === view ? 'bg-primary text-white' : 'text-description hover:text-primary'
              }`}
              onClick={() => go(board.from, view)}
            >
              {t[view]}
            </button>
          ))}
        </div>
        <div className="flex items-center gap-1">
          <Button tone="plain" aria-label={t.previous} onClick={() => go(addDays(board.from, -step))}>
            ‹
          </Button>
          <Button tone="plain" onClick={() => go(todayIn(board.zone))}>
            {t.today}
          </Button>
          <Button tone="plain" aria-label={t.next} onClick={() => go(addDays(board.from, step))}>
            ›
          </Button>
        </div>
        <span className="text-lg text-fg first-letter:uppercase" data-testid="booking-range">
          {title}
        </span>
        <span className="text-xs text-description sm:ml-auto">{t.zone(board.zone)}</span>
      </header>
      {board.resources.length === 0 ? (
        <p className="rounded-lg bg-soft-orange px-4 py-3 text-sm" data-testid="booking-no-resources">
          {t.noResources}
        </p>
      ) : (
        <>
          <BookingCalendar board={board} days={days} span={span} draft={draft} words={words} onPick={pick} />
          <Legend words={words} />
        </>
      )}
      <Notice notice={failure ? { ok: false, text: failure } : null} className="rounded-lg px-4 py-3" />
      <Notice
        notice={notice}
        testIds={{ ok: 'booking-notice', error: 'booking-error' }}
        className="rounded-lg px-4 py-3"
      />
      {booking?.pushError && (
        <p className="rounded-lg bg-soft-orange px-4 py-3 text-sm" role="alert">
          {words.summary.pushError}: {booking.pushError}
        </p>
      )}
      {board.resources.length > 0 && (
        <BookingForm
          token={token}
          locale={locale}
          words={words}
          resources={board.resources}
          booking={booking}
          draft={draft}
          dirty={booking ? whenChanged(draft, booking) || orderChanged(draft, booking) : true}
          working={working}
          onChange={(next) => {
            setDraft(next);
            setNotice(null);
          }}
          onContact={chooseContact}
          onAction={act}
        />
      )}
    </main>
  );
}

function Legend({ words }: { words: BookingWords }) {
  const t = words.calendar;
  const items = [
    ['bg-primary', t.own],
    ['bg-description', t.busy],
    ['bg-dimmed', t.buffer],
    [
      'border border-stroke bg-[repeating-linear-gradient(135deg,var(--b24-surface-3)_0_3px,transparent_3px_6px)]',
      t.closed,
    ],
    ['border-2 border-dashed border-success bg-soft-green', t.chosen],
  ] as const;
  return (
    <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-description">
      {items.map(([swatch, label]) => (
        <span key={label} className="inline-flex items-center gap-1.5">
          <span className={`inline-block h-3 w-5 rounded-2xs ${swatch}`} />
          {label}
        </span>
      ))}
      <span>{t.hint}</span>
    </p>
  );
}
