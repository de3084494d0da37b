'use client';

import { useState } from 'react';
import { fetchEmbedded } from '../_components/use-embed-session';
import { Button, Notice } from './fields';

export type SaveNotice = { ok: boolean; text: string } | null;

/** Saves some settings (PUT /api/embed/settings) and keeps what came of it: saved, or the refusal in words. */
export function useSettingsSave(token: string, savedText: string) {
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<SaveNotice>(null);
  async function save(body: Record<string, unknown>) {
    setSaving(true);
    setNotice(null);
    try {
      await fetchEmbedded('/api/embed/settings', token, { method: 'PUT', body });
      setNotice({ ok: true, text: savedText });
    } catch (error) {
      setNotice({ ok: false, text: (error as Error).message });
    } finally {
      setSaving(false);
    }
  }
  return { saving, notice, setNotice, save };
}

/** A form's save button with its outcome beside it; nothing for those who may not change settings. */
export function SaveBar(props: {
  admin: boolean;
  saving: boolean;
  notice: SaveNotice;
  label: string;
  testId: string;
  onSave(): void;
}) {
  if (!props.admin) return null;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button tone="secondary" busy={props.saving} onClick={props.onSave} data-testid={props.testId}>
        {props.label}
      </Button>
      <Notice notice={props.notice} className="rounded-sm px-3 py-1" />
    </div>
  );
}
