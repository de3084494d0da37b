'use client';

import { useState } from 'react';
import { getDictionary, type Locale } from '@/lib/i18n';
import { Button, Field, Panel, TextInput } from '../settings/fields';

interface Connected {
  hookUrl: string;
  settingsUrl: string;
  portal: string;
  applicationTokenSet: boolean;
}

export function WebhookConnectForm({ locale }: { locale: Locale }) {
  const t = getDictionary(locale).webhookConnect;
  const [webhookUrl, setWebhookUrl] = useState('');
  const [applicationToken, setApplicationToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [connected, setConnected] = useState<Connected | null>(null);

  async function connect(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const response = await fetch('/api/bitrix24/webhook-connections', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ webhookUrl, applicationToken: applicationToken || undefined, lang: locale }),
    });
    const body = (await response.json().catch(() => null)) as
      | (Connected & { error?: { message: string } })
      | null;
    setBusy(false);
    if (!response.ok || !body) {
      setError(body?.error?.message ?? `HTTP ${response.status}`);
      return;
    }
    setConnected(body);
  }

  return (
    <main className="mx-auto max-w-2xl space-y-3 p-4 text-fg">
      <Panel title={t.title} testId="webhook-connect">
        <p className="text-sm text-description">{t.intro}</p>
        <form className="space-y-3" onSubmit={connect}>
          <Field label={t.inboundUrl}>
            <TextInput
              name="webhookUrl"
              required
              value={webhookUrl}
              placeholder={t.inboundHint}
              onChange={(e) => setWebhookUrl(e.target.value)}
            />
          </Field>
          <Field label={t.applicationToken} hint={t.applicationTokenHint}>
            <TextInput
              name="applicationToken"
              autoComplete="off"
              value={applicationToken}
              onChange={(e) => setApplicationToken(e.target.value)}
            />
          </Field>
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={busy}>
              {busy ? t.connecting : t.connect}
            </Button>
            {error && (
              <span role="alert" className="text-sm text-danger">
                {error}
              </span>
            )}
          </div>
        </form>
      </Panel>
      {connected && (
        <Panel title={`${t.connected}: ${connected.portal}`} testId="webhook-connected">
          <Field label={t.hookUrl}>
            <TextInput readOnly value={connected.hookUrl} onFocus={(e) => e.target.select()} />
          </Field>
          {!connected.applicationTokenSet && <p className="text-sm text-description">{t.hookHint}</p>}
          <a
            className="inline-block rounded-sm bg-primary px-4 py-2 text-sm font-medium text-white"
            href={connected.settingsUrl}
          >
            {t.openSettings}
          </a>
        </Panel>
      )}
    </main>
  );
}
