import { getDictionary, pickLocale } from '@/lib/i18n';

/** Shown in a Bitrix24 frame while the portal's tokens are dead (invalid_grant) until an admin opens the app. */
export default async function Bitrix24ReinstallPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const t = getDictionary(pickLocale(typeof params.lang === 'string' ? params.lang : null)).bitrix24Reinstall;
  return (
    <main className="bg-page p-3 text-fg">
      <section className="rounded-lg bg-soft-orange p-4" role="alert" data-testid="bitrix24-reinstall">
        <h1 className="text-xl text-fg">{t.title}</h1>
        <p className="mt-1 text-sm text-label">{t.text}</p>
      </section>
    </main>
  );
}
