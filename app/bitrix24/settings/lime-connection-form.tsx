'use client';

import { useState } from 'react';
import type { Dictionary } from '@/lib/i18n';
import type { ConnectionCheck } from '@/lib/lime/gateway';
import type { LimeConnectionView } from '@/lib/sync/settings-api';
import { fetchEmbedded } from '../_components/use-embed-session';
import { Button, Check, Field, Panel, TextInput } from './fields';

type Draft = Record<string, string | boolean>;

const NUMBER_FIELDS = [
  'installationId',
  'cashdeskId',
  'processingId',
  'apiUserId',
  'depositGoodTypeId',
  'bonusGoodTypeId',
] as const;

function draftOf(lime: LimeConnectionView | null): Draft {
  const draft: Draft = {
    baseUrl: lime?.baseUrl ?? '',
    mode: lime?.authMode ?? 'token',
    token: '',
    login: '',
    password: '',
    timeZone: lime?.timeZone ?? 'Europe/Moscow',
    allowHttp: lime?.allowHttp ?? false,
  };
  for (const key of NUMBER_FIELDS) draft[key] = lime?.[key] == null ? '' : String(lime[key]);
  return draft;
}

/** The Lime connection: saved as a whole (secrets re-entered), then tested on demand. */
export function LimeConnectionForm(props: {
  t: Dictionary['settingsPage'];
  token: string;
  admin: boolean;
  lime: LimeConnectionView | null;
  onSaved(lime: LimeConnectionView): void;
}) {
  const { t } = props;
  const [draft, setDraft] = useState<Draft>(() => draftOf(props.lime));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: string) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setDraft((d) => ({
      ...d,
      [key]: event.target.type === 'checkbox' ? event.target.checked : event.target.value,
    }));
  const disabled = !props.admin || busy;

  async function save() {
    setBusy(true);
    setMessage(null);
    const auth =
      draft.mode === 'token'
        ? { mode: 'token', token: draft.token }
        : { mode: 'password', login: draft.login, password: draft.password };
    const body: Record<string, unknown> = {
      baseUrl: draft.baseUrl,
      auth,
      timeZone: draft.timeZone,
      allowHttp: draft.allowHttp,
    };
    for (const key of NUMBER_FIELDS) body[key] = draft[key] === '' ? null : Number(draft[key]);
    try {
      const saved = await fetchEmbedded<LimeConnectionView>('/api/embed/lime-connection', props.token, {
        method: 'PUT',
        body,
      });
      props.onSaved(saved);
      setMessage({ ok: true, text: t.saved });
    } catch (error) {
      setMessage({ ok: false, text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  }

  async function test() {
    setBusy(true);
    setMessage({ ok: true, text: t.testing });
    try {
      const check = await fetchEmbedded<ConnectionCheck>('/api/embed/lime-connection/test', props.token, {
        method: 'POST',
      });
      setMessage(
        check.authenticated
          ? { ok: true, text: t.testOk }
          : { ok: false, text: `${t.testFailed}: ${check.problem ?? ''}` },
      );
    } catch (error) {
      setMessage({ ok: false, text: `${t.testFailed}: ${(error as Error).message}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Panel title={t.limeTitle} testId="lime-connection">
      <p className="text-sm text-description">{t.limeIntro}</p>
      <Field label={t.baseUrl}>
        <TextInput
          name="baseUrl"
          value={draft.baseUrl as string}
          onChange={set('baseUrl')}
          disabled={disabled}
          placeholder="https://lime.park.ru"
        />
      </Field>
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="mb-1 text-label">{t.authMode}</legend>
        {(['token', 'password'] as const).map((mode) => (
          <label key={mode} className="flex items-center gap-2">
            <input
              type="radio"
              name="mode"
              value={mode}
              checked={draft.mode === mode}
              onChange={set('mode')}
              disabled={disabled}
            />
            {mode === 'token' ? t.authToken : t.authPassword}
          </label>
        ))}
      </fieldset>
      {draft.mode === 'token' ? (
        <Field label={t.token} hint={props.lime ? t.keepSecret : undefined}>
          <TextInput
            name="token"
            type="password"
            autoComplete="off"
            value={draft.token as string}
            onChange={set('token')}
            disabled={disabled}
          />
        </Field>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t.login}>
            <TextInput
              name="login"
              autoComplete="off"
              value={draft.login as string}
              onChange={set('login')}
              disabled={disabled}
            />
          </Field>
          <Field label={t.password}>
            <TextInput
              name="password"
              type="password"
              autoComplete="off"
              value={draft.password as string}
              onChange={set('password')}
              disabled={disabled}
            />
          </Field>
        </div>
      )}
      <div className="grid gap-3 sm:grid-cols-3">
        {NUMBER_FIELDS.map((key) => (
          <Field key={key} label={t[key]}>
            <TextInput
              name={key}
              inputMode="numeric"
              value={draft[key] as string}
              onChange={set(key)}
              disabled={disabled}
            />
          </Field>
        ))}
        <Field label={t.timeZone}>
          <TextInput
            name="timeZone"
            value={draft.timeZone as string}
            onChange={set('timeZone')}
            disabled={disabled}
          />
        </Field>
      </div>
      <Check
        label={t.allowHttp}
        name="allowHttp"
        checked={draft.allowHttp as boolean}
        onChange={set('allowHttp')}
        disabled={disabled}
      />
      {props.lime && (
        <p className="break-all text-xs text-description">
          {t.webhookUrl}: <code className="text-fg">{props.lime.webhookUrl}</code>
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={save} disabled={disabled}>
          {t.saveConnection}
        </Button>
        <Button tone="secondary" onClick={test} disabled={disabled || !props.lime}>
          {t.testConnection}
        </Button>
        {message && (
          <span
            role="status"
            className={`text-sm ${message.ok ? 'text-success' : 'text-danger'}`}
            data-testid="lime-connection-message"
          >
            {message.text}
          </span>
        )}
      </div>
    </Panel>
  );
}
