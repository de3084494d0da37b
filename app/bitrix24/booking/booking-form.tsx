'use client';

import type { BookingView } from '@/lib/bookings/booking-api';
import type { ResourceView } from '@/lib/bookings/resource-service';
import type { BookingWords } from '@/lib/i18n/booking-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import { Button, Check, Field, Select, TextInput } from '../settings/fields';
import type { ContactChoice, Draft } from './booking-draft';
import { ContactPicker } from './contact-picker';
import { GoodsPicker } from './goods-picker';
import { StatusBadge } from './status-badge';

export type BookingAction = 'create' | 'save' | 'confirm' | 'cancel' | 'restore' | 'back' | 'forward';

/**
 * The booking's form under the calendar: when (date, start, end), what (one hall, any staff), the
 * goods and the total, the contact, a comment — and the actions its state allows. While one runs,
 * every button waits and that one spins.
 */
export function BookingForm({
  token,
  locale,
  words,
  resources,
  booking,
  draft,
  dirty,
  working,
  onChange,
  onContact,
  onAction,
}: {
  token: string;
  locale: Locale;
  words: BookingWords;
  resources: ResourceView[];
  booking: BookingView | null;
  draft: Draft;
  /** The form differs from the saved booking (time, hall, staff, goods or comment). */
  dirty: boolean;
  working: BookingAction | 'contact' | null;
  onChange: (draft: Draft) => void;
  onContact: (contact: ContactChoice) => void;
  onAction: (action: BookingAction) => void;
}) {
  const t = words.form;
  const a = words.actions;
  const cancelled = booking?.status === 'cancelled';
  const locked = working !== null || cancelled;
  const halls = resources.filter((r) => r.kind === 'hall');
  const staff = resources.filter((r) => r.kind === 'staff');
  const ready = Boolean(draft.hallId && draft.date && draft.start && draft.end);
  const button = (action: BookingAction) => ({
    busy: working === action,
    disabled: working !== null && working !== action,
    onClick: () => onAction(action),
    'data-testid': `booking-${action}`,
  });

  return (
    <section className="rounded-lg bg-surface p-4" data-testid="booking-form">
      <h2 className="text-2xl font-light text-fg">
        {booking ? t.title(booking.number) : t.newTitle}
        {booking && (
          <StatusBadge status={booking.status} words={words} testId="booking-status" className="ml-3" />
        )}
      </h2>
      <div className="mt-3 grid gap-4 lg:grid-cols-2">
        <div className="space-y-3">
          <div className="grid grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)_minmax(0,1fr)] gap-2">
            {(['date', 'start', 'end'] as const).map((key) => (
              <Field key={key} label={t[key]}>
                <TextInput
                  type={key === 'date' ? 'date' : 'time'}
                  name={key}
                  step={key === 'date' ? undefined : 900}
                  value={draft[key]}
                  disabled={locked}
                  required
                  onChange={(e) => onChange({ ...draft, [key]: e.target.value })}
                />
              </Field>
            ))}
          </div>
          <Field label={t.hall}>
            <Select
              name="hall"
              value={draft.hallId}
              disabled={locked}
              onChange={(e) => onChange({ ...draft, hallId: e.target.value })}
            >
              <option value="">{t.pickHall}</option>
              {halls.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                  {h.capacity !== null ? ` (${words.calendar.capacity(h.capacity)})` : ''}
                </option>
              ))}
            </Select>
          </Field>
          <fieldset className="text-sm">
            <legend className="text-label">{t.staff}</legend>
            <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1" data-testid="booking-staff">
              {staff.length === 0 && <span className="text-description">{t.noStaff}</span>}
              {staff.map((s) => (
                <Check
                  key={s.id}
                  label={s.name}
                  name="staff"
                  value={s.id}
                  checked={draft.staffIds.includes(s.id)}
                  disabled={locked}
                  onChange={(e) =>
                    onChange({
                      ...draft,
                      staffIds: e.target.checked
                        ? [...draft.staffIds, s.id]
                        : draft.staffIds.filter((id) => id !== s.id),
                    })
                  }
                />
              ))}
            </div>
          </fieldset>
          <Field label={t.contact}>
            <ContactPicker
              token={token}
              words={words}
              value={draft.contact}
              disabled={locked}
              onPick={onContact}
            />
          </Field>
        </div>
        <div className="space-y-3">
          <div className="text-sm">
            <span className="text-label">{t.goods}</span>
            <div className="mt-1">
              <GoodsPicker
                token={token}
                locale={locale}
                words={words}
                items={draft.items}
                disabled={locked}
                onChange={(items) => onChange({ ...draft, items })}
              />
            </div>
          </div>
          <Field label={t.comment}>
            <textarea
              name="comment"
              rows={2}
              maxLength={1000}
              value={draft.comment}
              disabled={locked}
              className="w-full rounded-sm border border-stroke bg-surface px-3 py-2 text-sm text-fg outline-none focus:border-primary disabled:bg-surface-3"
              onChange={(e) => onChange({ ...draft, comment: e.target.value })}
            />
          </Field>
        </div>
      </div>
      <div className="mt-4 flex flex-wrap gap-2">
        {!booking && (
          <Button {...button('create')} disabled={!ready || (working !== null && working !== 'create')}>
            {a.create}
          </Button>
        )}
        {booking && !cancelled && (
          <>
            <Button
              {...button('save')}
              disabled={!ready || !dirty || (working !== null && working !== 'save')}
            >
              {a.save}
            </Button>
            {booking.status === 'held' && (
              <Button tone="secondary" {...button('confirm')}>
                {a.confirm}
              </Button>
            )}
            <Button tone="plain" {...button('back')}>
              {a.dayBack}
            </Button>
            <Button tone="plain" {...button('forward')}>
              {a.dayForward}
            </Button>
            <Button tone="danger" {...button('cancel')}>
              {a.cancel}
            </Button>
          </>
        )}
        {booking && cancelled && booking.preorder === null && (
          <Button tone="secondary" {...button('restore')}>
            {a.restore}
          </Button>
        )}
      </div>
    </section>
  );
}
