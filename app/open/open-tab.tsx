'use client';

import { signIn } from 'next-auth/react';
import { useEffect, useState } from 'react';
import { getDictionary, type Locale } from '@/lib/i18n';

/**
 * Takes the one-time code from the address's fragment (removed at once, so it stays out of the
 * history), signs in with it (next-auth's `tab-code` provider) and goes on to the settings. A code
 * works once: a reload or a copied link shows how to get a new one.
 */
export function OpenTab({ locale }: { locale: Locale }) {
  const t = getDictionary(locale).tab;
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const code = new URLSearchParams(window.location.hash.slice(1)).get('code');
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    if (!code) {
      setFailed(true);
      return;
    }
    signIn('tab-code', { code, redirect: false })
      .then((result) => {
        if (result?.ok && !result.error) window.location.replace('/settings');
        else setFailed(true);
      })
      .catch(() => setFailed(true));
  }, []);
  return (
    <main
      className="mx-auto max-w-xl p-6 text-fg"
      data-testid="open-tab"
      data-phase={failed ? 'error' : 'loading'}
    >
      <p className={`text-sm ${failed ? 'text-danger' : 'text-description'}`} role="status">
        {failed ? t.linkInvalid : t.opening}
      </p>
    </main>
  );
}
