'use client';

import { useState } from 'react';
import type { ResourceView } from '@/lib/bookings/resource-service';
import type { WeekHours } from '@/lib/domain/bookings';
import type { BookingWords } from '@/lib/i18n/booking-words';
import { Button, Check, Field, TextInput } from './fields';

/** What the editor sends: the add input (with its kind) or a change's patch. */
export interface ResourceFields {
  kind: 'hall' | 'staff';
  name: string;
  capacity: number | null;
  hours: WeekHours;
  bufferBeforeMin: number;
  bufferAfterMin: number;
}

const STANDARD_DAY = { from: '10:00', to: '22:00' };

/** "24:00" (the end of the day) is "00:00" in a time field, and back. */
const toField = (time: string) => (time === '24:00' ? '00:00' : time);
const fromField = (time: string) => (time === '00:00' ? '24:00' : time);

/**
 * One hall or staff member being added or edited: name, capacity (halls), working hours per
 * weekday (a day unticked is a day off), the breaks before and after a booking in minutes.
 */
export function ResourceEditor({
  words,
  kind,
  initial,
  saving,
  onSave,
  onCancel,
}: {
  words: BookingWords;
  kind: 'hall' | 'staff';
  initial: ResourceView | null;
  saving: boolean;
  onSave: (fields: ResourceFields) => void;
  onCancel: () => void;
}) {
  const t = words.resources;
  const [fields, setFields] = useState<ResourceFields>(
    initial
      ? {
          kind,
          name: initial.name,
          capacity: initial.capacity,
          hours: initial.hours,
          bufferBeforeMin: initial.bufferBeforeMin,
          bufferAfterMin: initial.bufferAfterMin,
        }
      : {
          kind,
          name: '',
          capacity: null,
          hours: Array.from({ length: 7 }, () => ({ ...STANDARD_DAY })),
          bufferBeforeMin: 0,
          bufferAfterMin: 0,
        },
  );
  const setDay = (index: number, day: WeekHours[number]) =>
    setFields({ ...fields, hours: fields.hours.map((d, i) => (i === index ? day : d)) });
  const minutes = (value: string) => Math.max(0, Math.min(720, Math.floor(Number(value) || 0)));

  return (
    <form
      className="space-y-3 rounded-sm border border-stroke bg-surface-2 p-3"
      data-testid="resource-editor"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(fields);
      }}
    >
      <div className="grid gap-2 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Field label={t.name}>
          <TextInput
            name="resource.name"
            value={fields.name}
            required
            maxLength={120}
            disabled={saving}
            onChange={(e) => setFields({ ...fields, name: e.target.value })}
          />
        </Field>
        {kind === 'hall' && (
          <Field label={t.capacity}>
            <TextInput
              name="resource.capacity"
              type="number"
              min={1}
              value={fields.capacity ?? ''}
              disabled={saving}
              onChange={(e) =>
                setFields({
                  ...fields,
                  capacity: e.target.value ? Math.max(1, Number(e.target.value)) : null,
                })
              }
            />
          </Field>
        )}
      </div>
      <fieldset className="text-sm">
        <legend className="text-label">{t.hours}</legend>
        <div className="mt-1 grid gap-1">
          {fields.hours.map((day, i) => (
            <div key={words.weekdays[i]} className="flex flex-wrap items-center gap-2">
              <div className="w-20">
                <Check
                  label={words.weekdays[i] as string}
                  checked={day !== null}
                  disabled={saving}
                  onChange={(e) => setDay(i, e.target.checked ? { ...STANDARD_DAY } : null)}
                />
              </div>
              {day ? (
                (['from', 'to'] as const).map((edge) => (
                  <label key={edge} className="flex items-center gap-2">
                    <span className="text-description">{t[edge]}</span>
                    <input
                      type="time"
                      aria-label={`${words.weekdays[i]} ${t[edge]}`}
                      className="rounded-sm border border-stroke bg-surface px-2 py-1 text-sm text-fg"
                      value={toField(day[edge])}
                      disabled={saving}
                      onChange={(e) =>
                        setDay(i, {
                          ...day,
                          [edge]: edge === 'to' ? fromField(e.target.value) : e.target.value,
                        })
                      }
                    />
                  </label>
                ))
              ) : (
                <span className="text-description">{t.dayOff}</span>
              )}
            </div>
          ))}
        </div>
      </fieldset>
      <div className="grid grid-cols-2 gap-2 sm:max-w-md">
        {(
          [
            ['bufferBeforeMin', t.bufferBefore],
            ['bufferAfterMin', t.bufferAfter],
          ] as const
        ).map(([key, label]) => (
          <Field key={key} label={label}>
            <TextInput
              name={`resource.${key}`}
              type="number"
              min={0}
              max={720}
              value={fields[key]}
              disabled={saving}
              onChange={(e) => setFields({ ...fields, [key]: minutes(e.target.value) })}
            />
          </Field>
        ))}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" busy={saving} disabled={fields.name.trim() === ''} data-testid="resource-save">
          {t.save}
        </Button>
        <Button tone="plain" disabled={saving} onClick={onCancel}>
          {t.cancel}
        </Button>
      </div>
    </form>
  );
}
