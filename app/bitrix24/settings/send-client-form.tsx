'use client';

import { useState } from 'react';
import type { Dictionary } from '@/lib/i18n/dictionary';
import type { SendClientResult } from '@/lib/sync/send-client';
import { fetchEmbedded } from '../_components/use-embed-session';
import { Button, Field, Panel, TextInput } from './fields';

/** "Send to CRM": one Lime client, named by phone, e-mail or Lime id, pushed to the CRM now. */
export function SendClientForm({ t, token }: { t: Dictionary['settingsPage']['send']; token: string }) {
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  async function send() {
    setBusy(true);
    setStatus(null);
    try {
      const result = await fetchEmbedded<SendClientResult>('/api/embed/send-client', token, {
        method: 'POST',
        body: { query },
      });
      setStatus({
        ok: true,
        text: result.contactId
          ? t.linked(result.client.name, result.contactId)
          : t.queued(result.client.name),
      });
    } catch (error) {
      setStatus({ ok: false, text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Panel title={t.title} testId="send-client">
      <p className="text-sm text-description">{t.intro}</p>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <div className="min-w-0 flex-1 basis-60">
          <Field label={t.label}>
            <TextInput name="query" value={query} onChange={(e) => setQuery(e.target.value)} required />
          </Field>
        </div>
        <Button type="submit" disabled={busy || query.trim() === ''} data-testid="send-client-button">
          {busy ? t.sending : t.button}
        </Button>
      </form>
      {status && (
        <p
          className={`text-sm ${status.ok ? 'text-success' : 'text-danger'}`}
          role="status"
          data-testid="send-client-status"
        >
          {status.text}
        </p>
      )}
    </Panel>
  );
}
