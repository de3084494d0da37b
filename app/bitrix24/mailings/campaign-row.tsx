'use client';

import { mailingWords } from '@/lib/i18n/mailing-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import { Button } from '../settings/fields';
import type { AudiencePreview, CampaignView } from './campaign-draft';

/** Turning a campaign on, or starting a manual one, waits for the admin to see today's audience. */
export type Confirming = {
  campaign: CampaignView;
  action: 'enable' | 'start';
  preview: AudiencePreview | null;
};

/** One campaign in the list: name, kind, today's audience, on/off, and the admin's buttons. */
export function CampaignRow({
  locale,
  campaign: c,
  mayEdit,
  working,
  confirming,
  onEdit,
  onAsk,
  onAct,
  onCancel,
}: {
  locale: Locale;
  campaign: CampaignView;
  mayEdit: boolean;
  working: string | null;
  confirming: Confirming | null;
  onEdit(): void;
  onAsk(action: Confirming['action']): void;
  onAct(action: 'enable' | 'disable' | 'start'): void;
  onCancel(): void;
}) {
  const w = mailingWords[locale];
  const t = w.campaigns;
  const busy = (key: string) => working === `${key}:${c.id}`;
  return (
    <li
      className="flex flex-wrap items-center gap-x-4 gap-y-2 px-3 py-3"
      data-testid="campaign-row"
      data-name={c.name}
      data-enabled={c.enabled}
    >
      <div className="min-w-0 flex-1 basis-48">
        <p className="break-words font-medium text-fg">{c.name}</p>
        <p className="text-xs text-description">{t.kinds[c.kind]}</p>
      </div>
      <p
        className="min-w-0 basis-56 text-sm text-label"
        data-testid="campaign-today"
        data-people={c.today.people}
      >
        {t.today}: {t.audience(c.today)}
      </p>
      <span
        className={`rounded-full px-2 text-xs font-bold leading-5 ${c.enabled ? 'bg-success text-white' : 'bg-surface-3 text-description'}`}
      >
        {c.enabled ? t.on : t.off}
      </span>
      {mayEdit && (
        <span className="flex flex-wrap gap-2">
          <Button tone="plain" onClick={onEdit} disabled={working !== null}>
            {t.edit}
          </Button>
          {c.kind === 'manual' && (
            <Button
              tone="plain"
              busy={busy('preview') && confirming?.action === 'start'}
              onClick={() => onAsk('start')}
            >
              {t.start}
            </Button>
          )}
          {c.enabled ? (
            <Button tone="plain" busy={busy('disable')} onClick={() => onAct('disable')}>
              {t.disable}
            </Button>
          ) : (
            <Button
              tone="secondary"
              busy={busy('preview') && confirming?.action === 'enable'}
              onClick={() => onAsk('enable')}
            >
              {t.enable}
            </Button>
          )}
        </span>
      )}
      {confirming?.preview && (
        <div
          className="flex w-full flex-wrap items-center gap-2 rounded-sm bg-selection px-3 py-2 text-sm"
          data-testid="campaign-confirm"
          data-people={confirming.preview.people}
        >
          <span className="min-w-0 flex-1 text-fg">
            {w.form.previewTitle}: {t.audience(confirming.preview)}
            {confirming.preview.sample.length > 0 && (
              <span className="block break-words text-description">
                {w.form.sample}: {confirming.preview.sample.join(', ')}
              </span>
            )}
          </span>
          <Button busy={busy(confirming.action)} onClick={() => onAct(confirming.action)}>
            {confirming.action === 'start' ? t.start : t.enable}
          </Button>
          <Button tone="plain" onClick={onCancel}>
            {w.form.cancel}
          </Button>
        </div>
      )}
    </li>
  );
}
