'use client';

import { useCallback, useEffect, useState } from 'react';
import type { CrmPipeline } from '@/lib/crm/crm-port';
import { mailingWords } from '@/lib/i18n/mailing-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import type { DeliveryTargets } from '@/lib/mailings/delivery-targets';
import { fetchEmbedded } from '../_components/use-embed-session';
import { Button, Notice, Select } from '../settings/fields';
import {
  type AudiencePreview,
  type CampaignDraft,
  type CampaignKind,
  type CampaignsView,
  type CampaignView,
  draftOf,
  newDraft,
} from './campaign-draft';
import { CAMPAIGNS_API, CampaignForm } from './campaign-form';
import { CampaignRow, type Confirming } from './campaign-row';
import { RecentSends } from './recent-sends';

const KINDS: CampaignKind[] = ['birthday', 'winback', 'nps', 'manual'];

/**
 * The campaigns: each with its kind, name, on/off and today's audience; admins add and edit them,
 * turn them on (or start a manual one) after seeing today's audience; managers read (mayEdit).
 */
export function CampaignsPanel({
  locale,
  token,
  pipelines,
}: {
  locale: Locale;
  token: string;
  /** All stages of each pipeline (an NPS move may end in a won or lost stage). */
  pipelines: CrmPipeline[];
}) {
  const w = mailingWords[locale];
  const t = w.campaigns;
  const [view, setView] = useState<CampaignsView | null>(null);
  const [targets, setTargets] = useState<DeliveryTargets | null>(null);
  const [editing, setEditing] = useState<CampaignDraft | null>(null);
  const [newKind, setNewKind] = useState<CampaignKind>('birthday');
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [working, setWorking] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(
    () =>
      fetchEmbedded<CampaignsView>(CAMPAIGNS_API, token)
        .then(setView)
        .catch((e: Error) => setNotice({ ok: false, text: e.message })),
    [token],
  );
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    fetchEmbedded<DeliveryTargets>(`${CAMPAIGNS_API}/targets`, token)
      .then(setTargets)
      .catch((e: Error) => setNotice({ ok: false, text: w.form.targetsFailed(e.message) }));
  }, [token, w.form]);

  async function post<T>(key: string, body: unknown): Promise<T | null> {
    setWorking(key);
    setNotice(null);
    try {
      return await fetchEmbedded<T>(CAMPAIGNS_API, token, { method: 'POST', body });
    } catch (e) {
      setNotice({ ok: false, text: (e as Error).message });
      return null;
    } finally {
      setWorking(null);
    }
  }

  async function ask(campaign: CampaignView, action: Confirming['action']) {
    setConfirming({ campaign, action, preview: null });
    const preview = await post<AudiencePreview>(`preview:${campaign.id}`, {
      action: 'preview',
      kind: campaign.kind,
      rules: campaign.rules,
    });
    setConfirming(preview ? { campaign, action, preview } : null);
  }

  async function act(campaign: CampaignView, action: 'enable' | 'disable' | 'start') {
    setConfirming(null);
    const done = await post<{ recorded?: number }>(`${action}:${campaign.id}`, { action, id: campaign.id });
    if (!done) return;
    if (action === 'start') setNotice({ ok: true, text: t.started(done.recorded ?? 0) });
    await load();
  }

  const mayEdit = view?.mayEdit ?? false;
  return (
    <div className="space-y-3" data-testid="campaigns" data-phase={view ? 'ready' : 'loading'}>
      <h3 className="text-xl text-fg">{t.title}</h3>
      {view && !mayEdit && <p className="text-sm text-description">{t.readOnly}</p>}
      {view && view.campaigns.length === 0 && <p className="text-sm text-description">{t.none}</p>}
      {view && view.campaigns.length > 0 && (
        <ul className="divide-y divide-divider rounded-md border border-stroke">
          {view.campaigns.map((c) => (
            <CampaignRow
              key={c.id}
              locale={locale}
              campaign={c}
              mayEdit={mayEdit}
              working={working}
              confirming={confirming?.campaign.id === c.id ? confirming : null}
              onEdit={() => setEditing(draftOf(c))}
              onAsk={(action) => ask(c, action)}
              onAct={(action) => act(c, action)}
              onCancel={() => setConfirming(null)}
            />
          ))}
        </ul>
      )}
      <Notice notice={notice} />
      {mayEdit && !editing && targets && (
        <div className="flex flex-wrap items-center gap-2">
          <div className="w-56 max-w-full">
            <Select
              name="newCampaignKind"
              aria-label={t.add}
              value={newKind}
              onChange={(e) => setNewKind(e.target.value as CampaignKind)}
            >
              {KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t.kinds[kind]}
                </option>
              ))}
            </Select>
          </div>
          <Button tone="secondary" onClick={() => setEditing(newDraft(newKind, t.kinds[newKind]))}>
            {t.add}
          </Button>
        </div>
      )}
      {editing && targets && (
        <CampaignForm
          key={editing.id ?? `new:${editing.kind}`}
          locale={locale}
          token={token}
          initial={editing}
          pipelines={pipelines}
          targets={targets}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setNotice({ ok: true, text: w.form.saved });
            void load();
          }}
        />
      )}
      {view && <RecentSends locale={locale} sends={view.recentSends} campaigns={view.campaigns} />}
    </div>
  );
}
