'use client';

import type { BookingBoard, BusyView } from '@/lib/bookings/booking-api';
import type { ResourceView } from '@/lib/bookings/resource-service';
import {
  type BoardDay,
  closedSegments,
  type HourSpan,
  localSegments,
  localTime,
  type Segment,
  segmentsOf,
  timeAt,
} from '@/lib/domain/booking-board';
import type { BookingWords } from '@/lib/i18n/booking-words';
import { type Draft, whenChanged } from './booking-draft';

/** Closed hours: the resource is not working then. */
const HATCHED =
  'top-0! bottom-0! bg-[repeating-linear-gradient(135deg,var(--b24-surface-3)_0_6px,transparent_6px_12px)]';

/** Width of one hour: day view (readable labels) and week view (seven days side by side). */
const HOUR_PX = { day: 44, week: 10 } as const;

export interface Pick {
  resource: ResourceView;
  date: string;
  time: string;
}

/**
 * The board: rows are the halls, then the staff; columns the hours of each day shown. Busy time
 * is drawn per resource — this deal's booking in the accent colour, others grey, the break a
 * resource keeps around a booking lighter — and closed hours hatched. A click on a row picks that
 * resource and the half hour under the pointer. Wider than its box (a phone), it scrolls inside it.
 */
export function BookingCalendar({
  board,
  days,
  span,
  draft,
  words,
  onPick,
}: {
  board: BookingBoard;
  days: BoardDay[];
  span: HourSpan;
  draft: Draft | null;
  words: BookingWords;
  onPick: (pick: Pick) => void;
}) {
  const t = words.calendar;
  const view = days.length === 1 ? 'day' : 'week';
  const hours = span.to - span.from;
  const minWidth = days.length * hours * HOUR_PX[view];
  const halls = board.resources.filter((r) => r.kind === 'hall');
  const staff = board.resources.filter((r) => r.kind === 'staff');
  const columns = `minmax(112px, 180px) repeat(${days.length}, minmax(${hours * HOUR_PX[view]}px, 1fr))`;
  // The form's time, unless it is where the booking already is (drawn as this deal's).
  const moved = draft && (!board.booking || whenChanged(draft, board.booking));
  const chosen = moved && draft.start && draft.end ? localSegments(draft, days, span) : [];

  return (
    <div className="overflow-x-auto rounded-lg bg-surface" data-testid="booking-calendar" data-view={view}>
      <div className="grid text-sm" style={{ gridTemplateColumns: columns, minWidth: minWidth + 112 }}>
        <div className="sticky left-0 z-10 border-b border-divider bg-(--b24-surface)" />
        {days.map((d) => (
          <DayHeader key={d.date} day={d} span={span} view={view} words={words} />
        ))}
        {(
          [
            [t.halls, halls],
            [t.staff, staff],
          ] as const
        ).map(([title, list]) =>
          list.length === 0 ? null : (
            <Group key={title} title={title} span={days.length + 1}>
              {list.map((resource) => (
                <Row
                  key={resource.id}
                  resource={resource}
                  busy={board.busy.filter((b) => b.resourceId === resource.id)}
                  chosen={
                    draft && (draft.hallId === resource.id || draft.staffIds.includes(resource.id))
                      ? chosen
                      : []
                  }
                  board={board}
                  days={days}
                  span={span}
                  words={words}
                  onPick={onPick}
                />
              ))}
            </Group>
          ),
        )}
      </div>
    </div>
  );
}

function DayHeader({
  day,
  span,
  view,
  words,
}: {
  day: BoardDay;
  span: HourSpan;
  view: 'day' | 'week';
  words: BookingWords;
}) {
  const every = view === 'day' ? 1 : 3;
  const ticks = [];
  for (let h = span.from; h < span.to; h += every) ticks.push(h);
  const [, month, date] = day.date.split('-');
  return (
    <div className="border-b border-l border-divider px-1 pt-1.5 pb-1">
      {view === 'week' && (
        <div className="truncate text-center text-xs font-medium text-label" data-testid="booking-day">
          {words.weekdays[day.weekday - 1]} {date}.{month}
        </div>
      )}
      <div className="relative h-4 text-xs text-description" aria-hidden="true">
        {ticks.map((h) => (
          <span
            key={h}
            className="absolute -translate-x-1/2 first:translate-x-0"
            style={{ left: `${((h - span.from) / (span.to - span.from)) * 100}%` }}
          >
            {view === 'day' ? `${String(h).padStart(2, '0')}:00` : h}
          </span>
        ))}
      </div>
    </div>
  );
}

function Group({ title, span, children }: { title: string; span: number; children: React.ReactNode }) {
  return (
    <>
      <div
        className="sticky left-0 bg-surface-3 px-3 py-1 text-xs font-medium uppercase tracking-wide text-description"
        style={{ gridColumn: `span ${span}` }}
      >
        {title}
      </div>
      {children}
    </>
  );
}

function Row({
  resource,
  busy,
  chosen,
  board,
  days,
  span,
  words,
  onPick,
}: {
  resource: ResourceView;
  busy: BusyView[];
  chosen: Segment[];
  board: BookingBoard;
  days: BoardDay[];
  span: HourSpan;
  words: BookingWords;
  onPick: (pick: Pick) => void;
}) {
  const t = words.calendar;
  const closed = closedSegments(resource.hours, days, span);
  const lines = span.to - span.from;
  return (
    <>
      <div
        className="sticky left-0 z-10 flex min-w-0 flex-col justify-center border-b border-divider bg-(--b24-surface) px-3 py-1"
        data-testid="booking-row-label"
      >
        <span className="truncate text-fg">{resource.name}</span>
        {resource.capacity !== null && (
          <span className="truncate text-xs text-description">{t.capacity(resource.capacity)}</span>
        )}
      </div>
      {days.map((day, index) => (
        <button
          key={day.date}
          type="button"
          className="relative h-11 cursor-pointer border-b border-l border-divider hover:bg-selection"
          style={{
            backgroundImage: `repeating-linear-gradient(to right, transparent 0, transparent calc(${100 / lines}% - 1px), var(--b24-divider) calc(${100 / lines}% - 1px), var(--b24-divider) ${100 / lines}%)`,
          }}
          aria-label={`${resource.name}, ${day.date}`}
          data-testid="booking-cell"
          data-resource={resource.name}
          data-date={day.date}
          onClick={(event) => {
            const box = event.currentTarget.getBoundingClientRect();
            const fraction = box.width > 0 ? (event.clientX - box.left) / box.width : 0;
            onPick({ resource, date: day.date, time: timeAt(fraction, span) });
          }}
        >
          {closed
            .filter((s) => s.day === index)
            .map((s) => (
              <Block key={`c${s.left}`} segment={s} className={HATCHED} label={t.closed} />
            ))}
          {busy.map((b) =>
            segmentsOf({ startsAt: b.heldFrom, endsAt: b.heldTo }, days, span, board.zone)
              .filter((s) => s.day === index)
              .map((s) => (
                <Block
                  key={`h${b.bookingId}${s.left}`}
                  segment={s}
                  className={b.own ? 'bg-soft-blue' : 'bg-dimmed'}
                  label={t.buffer}
                />
              )),
          )}
          {busy.map((b) =>
            segmentsOf(b, days, span, board.zone)
              .filter((s) => s.day === index)
              .map((s) => (
                <Block
                  key={`b${b.bookingId}${s.left}`}
                  segment={s}
                  className={`z-[1] rounded-2xs text-white ${b.own ? 'bg-primary' : 'bg-description'}`}
                  label={t.blockTitle({
                    number: b.number,
                    from: localTime(b.startsAt, board.zone),
                    to: localTime(b.endsAt, board.zone),
                    deal: b.dealId,
                    own: b.own,
                  })}
                  testId="busy-block"
                  data={{ 'data-own': String(b.own), 'data-number': String(b.number) }}
                  text={`№${b.number}`}
                />
              )),
          )}
          {chosen
            .filter((s) => s.day === index)
            .map((s) => (
              <Block
                key={`s${s.left}`}
                segment={s}
                className="z-[2] rounded-2xs border-2 border-dashed border-success bg-soft-green/60"
                label={t.chosen}
                testId="chosen-block"
              />
            ))}
        </button>
      ))}
    </>
  );
}

function Block({
  segment,
  className,
  label,
  testId,
  data,
  text,
}: {
  segment: Segment;
  className: string;
  label: string;
  testId?: string;
  data?: Record<string, string>;
  text?: string;
}) {
  return (
    <span
      className={`absolute top-1 bottom-1 overflow-hidden px-1 text-left text-xs leading-8 whitespace-nowrap ${className}`}
      style={{ left: `${segment.left * 100}%`, width: `${segment.width * 100}%` }}
      title={label}
      data-testid={testId}
      {...data}
    >
      {text}
    </span>
  );
}
