'use client';

import { useEffect, useState } from 'react';
import { getDictionary, type Locale } from '@/lib/i18n';
import type { SettingsView } from '@/lib/sync/settings-api';
import { fetchEmbedded, useEmbedToken } from '../_components/use-embed-session';
import { type EmbedHost, useHostFrame } from '../_components/use-host-frame';
import { BonusesSection } from '../bonuses/bonuses-section';
import { MailingsSection } from '../mailings/mailings-section';
import { Button, Check, Field, NamedOptions, Panel, Select } from './fields';
import { FlowsForm } from './flows-form';
import { ImportPanel } from './import-panel';
import { JournalPanel } from './journal-panel';
import { LimeConnectionForm } from './lime-connection-form';
import { OpenInTab } from './open-in-tab';
import { ResourcesPanel } from './resources-panel';
import { RestLogPanel } from './rest-log-panel';
import { SendClientForm } from './send-client-form';

type Load =
  | { phase: 'loading' }
  | { phase: 'ready'; view: SettingsView }
  | { phase: 'error'; message: string };

/** The settings in the app's main frame: what a manager understands, editable by admins only. */
export function SettingsScreen({
  locale,
  host = 'bitrix24',
  token: given,
}: {
  locale: Locale;
  host?: EmbedHost;
  /** A tab of its own (host 'tab') gets its token from the server page, not the address. */
  token?: string;
}) {
  const t = getDictionary(locale).settingsPage;
  const common = getDictionary(locale).limeCard;
  const fromAddress = useEmbedToken();
  const token = given ?? fromAddress;
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  const [settings, setSettings] = useState<SettingsView['settings'] | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const b24 = useHostFrame(host);

  useEffect(() => {
    if (token === undefined) return;
    if (token === null) {
      setLoad({ phase: 'error', message: common.noSession });
      return;
    }
    fetchEmbedded<SettingsView>('/api/embed/settings', token)
      .then((view) => {
        setLoad({ phase: 'ready', view });
        setSettings(view.settings);
      })
      .catch((error: Error) => setLoad({ phase: 'error', message: error.message }));
  }, [token, common.noSession]);

  if (load.phase !== 'ready' || !settings || !token) {
    return (
      <main className="bg-page p-3" data-testid="settings" data-phase={load.phase}>
        <p
          className={`p-4 text-sm ${load.phase === 'error' ? 'text-danger' : 'text-description'}`}
          role="status"
        >
          {load.phase === 'error' ? load.message : common.loading}
        </p>
      </main>
    );
  }
  const { view } = load;
  const disabled = !view.admin || saving;
  async function save() {
    setSaving(true);
    setStatus(null);
    try {
      const { crmFlows, preorderStages, responsibleUserId, newClientsAsLeads, allowHttpPortal } =
        settings as SettingsView['settings'];
      await fetchEmbedded('/api/embed/settings', token as string, {
        method: 'PUT',
        body: { crmFlows, preorderStages, responsibleUserId, newClientsAsLeads, allowHttpPortal },
      });
      setStatus({ ok: true, text: t.saved });
    } catch (error) {
      setStatus({ ok: false, text: (error as Error).message });
    } finally {
      setSaving(false);
    }
  }

  return (
    <main className="space-y-3 bg-page p-3 text-fg" data-testid="settings" data-phase="ready">
      <div className="flex flex-wrap items-center justify-between gap-2 px-1">
        <h1 className="text-4xl font-light">{t.title}</h1>
        {host !== 'tab' && <OpenInTab locale={locale} token={token} />}
      </div>
      {!view.admin && <p className="rounded-sm bg-soft-orange px-4 py-3 text-sm">{t.readOnly}</p>}
      <LimeConnectionForm
        t={t}
        token={token}
        admin={view.admin}
        lime={view.lime}
        onSaved={(lime) => setLoad({ phase: 'ready', view: { ...view, lime } })}
      />
      <Panel title={t.flowsTitle} testId="crm-settings">
        <FlowsForm
          t={t}
          flows={settings.crmFlows}
          preorderStages={settings.preorderStages}
          pipelines={view.pipelines}
          disabled={disabled}
          onChange={(crmFlows, preorderStages) => setSettings({ ...settings, crmFlows, preorderStages })}
        />
        <Field label={t.responsible}>
          <div className="flex flex-wrap gap-2">
            <Select
              name="responsibleUserId"
              value={settings.responsibleUserId ?? ''}
              disabled={disabled}
              onChange={(e) => setSettings({ ...settings, responsibleUserId: e.target.value || null })}
            >
              <option value="">{t.nobody}</option>
              <NamedOptions items={view.users} />
            </Select>
            {b24 && (
              <Button
                tone="secondary"
                disabled={disabled}
                data-testid="pick-responsible"
                onClick={async () => {
                  const picked = await b24.dialog.selectUser().catch(() => null);
                  if (picked?.id) setSettings({ ...settings, responsibleUserId: String(picked.id) });
                }}
              >
                {t.pickUser}
              </Button>
            )}
          </div>
        </Field>
        <Check
          label={t.newClientsAsLeads}
          name="newClientsAsLeads"
          checked={settings.newClientsAsLeads}
          disabled={disabled}
          onChange={(e) => setSettings({ ...settings, newClientsAsLeads: e.target.checked })}
        />
        <Check
          label={t.allowHttpPortal}
          name="allowHttpPortal"
          checked={settings.allowHttpPortal}
          disabled={disabled}
          onChange={(e) => setSettings({ ...settings, allowHttpPortal: e.target.checked })}
        />
        <div className="flex items-center gap-3">
          <Button onClick={save} disabled={disabled}>
            {saving ? t.saving : t.save}
          </Button>
          {status && (
            <span role="status" className={`text-sm ${status.ok ? 'text-success' : 'text-danger'}`}>
              {status.text}
            </span>
          )}
        </div>
      </Panel>
      <ResourcesPanel locale={locale} token={token} admin={view.admin} />
      {view.lime && (
        <BonusesSection locale={locale} token={token} admin={view.admin} rules={settings.bonusRules} />
      )}
      {view.lime && <MailingsSection locale={locale} token={token} view={view} />}
      {view.lime && <SendClientForm t={t.send} token={token} />}
      {view.lime && <ImportPanel locale={locale} token={token} admin={view.admin} />}
      <JournalPanel locale={locale} token={token} admin={view.admin} />
      {view.admin && <RestLogPanel locale={locale} token={token} />}
    </main>
  );
}
