'use client';

import { useState } from 'react';
import { getDictionary, type Locale } from '@/lib/i18n';
import { fetchEmbedded } from '../_components/use-embed-session';
import { Button } from './fields';

/**
 * "Open in a new tab": the settings outside the CRM's frame, first-party. The tab is opened at the
 * click (a browser lets a click open one; after an await it may not), then sent to the one-time link
 * once it arrives. A blocked tab leaves the link to click; a failure, its message.
 */
export function OpenInTab({ locale, token }: { locale: Locale; token: string }) {
  const t = getDictionary(locale).tab;
  const [fallback, setFallback] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function open() {
    setError(null);
    const tab = window.open('', '_blank');
    try {
      const { url } = await fetchEmbedded<{ url: string }>('/api/embed/open-tab', token, { method: 'POST' });
      if (tab) {
        tab.opener = null;
        tab.location.href = url;
      } else setFallback(url);
    } catch (failure) {
      tab?.close();
      setError((failure as Error).message);
    }
  }
  return (
    <span className="flex flex-wrap items-center gap-2">
      <Button tone="secondary" onClick={open} data-testid="open-in-tab">
        {t.open}
      </Button>
      {fallback && (
        <a className="text-sm text-link underline" href={fallback} target="_blank" rel="noopener">
          {t.blocked}
        </a>
      )}
      {error && (
        <span role="status" className="text-sm text-danger">
          {error}
        </span>
      )}
    </span>
  );
}
