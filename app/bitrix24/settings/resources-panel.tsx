'use client';

import { useCallback, useEffect, useState } from 'react';
import type { ResourcesView } from '@/lib/bookings/resource-api';
import type { ResourceView } from '@/lib/bookings/resource-service';
import type { WeekHours } from '@/lib/domain/bookings';
import { type BookingWords, bookingWords } from '@/lib/i18n/booking-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import { fetchEmbedded } from '../_components/use-embed-session';
import { Button, Field, Notice, Panel, Select } from './fields';
import { ResourceEditor, type ResourceFields } from './resource-editor';

const API = '/api/embed/resources';
/** The zones of Russian parks and their neighbours, west to east; a chosen other zone is kept. */
const ZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Minsk',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Almaty',
  'Asia/Novosibirsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
];

type Editing = { kind: 'hall' | 'staff'; resource: ResourceView | null } | null;

/**
 * Settings → halls and staff: the venue's time zone and the bookable resources, each with its
 * capacity, working hours and breaks; admins add, edit, archive and restore, others only look.
 */
export function ResourcesPanel({ locale, token, admin }: { locale: Locale; token: string; admin: boolean }) {
  const words = bookingWords[locale];
  const t = words.resources;
  const [view, setView] = useState<ResourcesView | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [working, setWorking] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [zone, setZone] = useState<string>('');

  const load = useCallback(
    () =>
      fetchEmbedded<ResourcesView>(API, token)
        .then((next) => {
          setView(next);
          setZone(next.zoneChosen ? next.zone : '');
        })
        .catch((e: Error) => setNotice({ ok: false, text: e.message })),
    [token],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function act(key: string, body: unknown, done: string) {
    setWorking(key);
    setNotice(null);
    try {
      const next = await fetchEmbedded<ResourcesView>(API, token, { method: 'POST', body });
      setView(next);
      setZone(next.zoneChosen ? next.zone : '');
      setEditing(null);
      setNotice({ ok: true, text: done });
    } catch (e) {
      setNotice({ ok: false, text: (e as Error).message });
    } finally {
      setWorking(null);
    }
  }

  function save(fields: ResourceFields) {
    const { kind, ...patch } = fields;
    const resource = editing?.resource;
    void act(
      'save',
      resource ? { action: 'change', id: resource.id, patch } : { action: 'add', input: fields },
      t.saved,
    );
  }

  const zones = view?.zoneChosen && !ZONES.includes(view.zone) ? [view.zone, ...ZONES] : ZONES;
  return (
    <Panel title={t.title} testId="resources-panel">
      <p className="text-sm text-description">{t.intro}</p>
      {!admin && <p className="text-sm text-description">{t.readOnly}</p>}
      {view && (
        <div className="flex flex-wrap items-end gap-2">
          <div className="w-96 max-w-full">
            <Field label={t.zone}>
              <Select
                name="bookingTimeZone"
                value={zone}
                disabled={!admin || working !== null}
                onChange={(e) => setZone(e.target.value)}
              >
                <option value="">
                  {t.zoneDefault}
                  {view.zoneChosen ? '' : ` (${view.zone})`}
                </option>
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          {admin && (
            <Button
              tone="secondary"
              busy={working === 'zone'}
              disabled={working !== null || zone === (view.zoneChosen ? view.zone : '')}
              onClick={() => act('zone', { action: 'zone', zone: zone || null }, t.zoneSaved)}
              data-testid="zone-save"
            >
              {t.zoneSave}
            </Button>
          )}
        </div>
      )}
      <Notice notice={notice} />
      {view &&
        (['hall', 'staff'] as const).map((kind) => (
          <div key={kind} className="space-y-2" data-testid={`resources-${kind}`}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 className="text-xl text-fg">{kind === 'hall' ? t.halls : t.staff}</h3>
              {admin && editing === null && (
                <Button
                  tone="secondary"
                  disabled={working !== null}
                  onClick={() => setEditing({ kind, resource: null })}
                  data-testid={`resource-add-${kind}`}
                >
                  {kind === 'hall' ? t.addHall : t.addStaff}
                </Button>
              )}
            </div>
            {editing?.kind === kind && editing.resource === null && (
              <ResourceEditor
                words={words}
                kind={kind}
                initial={null}
                saving={working === 'save'}
                onSave={save}
                onCancel={() => setEditing(null)}
              />
            )}
            <ul className="divide-y divide-divider rounded-sm border border-stroke">
              {view.resources.filter((r) => r.kind === kind).length === 0 && (
                <li className="px-3 py-2 text-sm text-description">{t.none}</li>
              )}
              {view.resources
                .filter((r) => r.kind === kind)
                .map((r) =>
                  editing?.resource?.id === r.id ? (
                    <li key={r.id} className="p-2">
                      <ResourceEditor
                        words={words}
                        kind={kind}
                        initial={r}
                        saving={working === 'save'}
                        onSave={save}
                        onCancel={() => setEditing(null)}
                      />
                    </li>
                  ) : (
                    <ResourceRow
                      key={r.id}
                      resource={r}
                      words={words}
                      admin={admin}
                      disabled={working !== null || editing !== null}
                      archiving={working === r.id}
                      onEdit={() => setEditing({ kind, resource: r })}
                      onArchive={() =>
                        act(r.id, { action: 'change', id: r.id, patch: { active: !r.active } }, t.saved)
                      }
                    />
                  ),
                )}
            </ul>
          </div>
        ))}
    </Panel>
  );
}

function ResourceRow({
  resource,
  words,
  admin,
  disabled,
  archiving,
  onEdit,
  onArchive,
}: {
  resource: ResourceView;
  words: BookingWords;
  admin: boolean;
  disabled: boolean;
  archiving: boolean;
  onEdit: () => void;
  onArchive: () => void;
}) {
  const t = words.resources;
  return (
    <li
      className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 text-sm"
      data-testid="resource-row"
      data-name={resource.name}
    >
      <div className={`min-w-0 flex-1 ${resource.active ? '' : 'opacity-60'}`}>
        <div className="text-fg">
          {resource.name}
          {resource.capacity !== null && (
            <span className="ml-2 text-description">{words.calendar.capacity(resource.capacity)}</span>
          )}
          {!resource.active && (
            <span className="ml-2 rounded-full bg-surface-3 px-2 text-xs text-description">{t.archived}</span>
          )}
        </div>
        <div className="text-xs text-description">
          {hoursText(resource.hours, words)} · {t.buffers(resource.bufferBeforeMin, resource.bufferAfterMin)}
        </div>
      </div>
      {admin && (
        <div className="flex gap-2">
          {resource.active && (
            <Button tone="plain" disabled={disabled} onClick={onEdit}>
              {t.edit}
            </Button>
          )}
          <Button tone="plain" busy={archiving} disabled={disabled} onClick={onArchive}>
            {resource.active ? t.archive : t.restore}
          </Button>
        </div>
      )}
    </li>
  );
}

/** "Пн–Пт 10:00–22:00, Сб–Вс 09:00–23:00": runs of days with the same hours. */
export function hoursText(hours: WeekHours, words: BookingWords): string {
  const label = (d: WeekHours[number]) => (d ? `${d.from}–${d.to}` : words.resources.dayOff);
  const runs: { from: number; to: number; text: string }[] = [];
  hours.forEach((d, i) => {
    const text = label(d);
    const last = runs.at(-1);
    if (last && last.text === text) last.to = i;
    else runs.push({ from: i, to: i, text });
  });
  return runs
    .map((r) => {
      const days =
        r.from === r.to ? words.weekdays[r.from] : `${words.weekdays[r.from]}–${words.weekdays[r.to]}`;
      return `${days} ${r.text}`;
    })
    .join(', ');
}
