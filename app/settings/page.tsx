import { getServerSession } from 'next-auth';
import { getRequestDictionary } from '@/app/_lib/request-locale';
import { tabAuthOptions, tabPageFromSession } from '@/lib/auth/tab-session';
import { tabAuthDepsFromRuntime } from '@/lib/sync/embed-runtime';
import { TabSettings } from './tab-settings';

export const dynamic = 'force-dynamic';

/** The settings in a tab of their own, first-party: the session "Open in a new tab" started. */
export default async function TabSettingsPage() {
  const deps = await tabAuthDepsFromRuntime();
  const page = await tabPageFromSession(deps, await getServerSession(tabAuthOptions(deps)));
  if (!page) {
    const { t } = await getRequestDictionary();
    return (
      <main className="mx-auto max-w-xl p-6 text-fg" data-testid="tab-signed-out">
        <p className="text-sm text-description">{t.tab.signedOut}</p>
      </main>
    );
  }
  return <TabSettings {...page} />;
}
