import { getRequestDictionary } from '@/app/_lib/request-locale';

/** Where the OAuth callback sends the admin once the account is connected. */
export default async function AmocrmConnectedPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { t } = await getRequestDictionary();
  const account = (await searchParams).account;
  return (
    <main className="mx-auto max-w-xl p-6 text-fg">
      <section className="rounded-lg bg-surface p-6" data-testid="amocrm-connected">
        <h1 className="text-3xl font-light">{t.amocrmConnected.title}</h1>
        {typeof account === 'string' && <p className="mt-1 text-description">{account}</p>}
        <p className="mt-3 text-sm text-label">{t.amocrmConnected.text}</p>
      </section>
    </main>
  );
}
