import { getDictionary, pickLocale } from '@/lib/i18n';
import { InstallFinish } from './install-finish';

/**
 * The installer frame's GET page (POST /api/bitrix24/install answers 303 here after verifying the
 * install and binding what the app needs). It tells Bitrix24 the install is finished; until then
 * the portal sends no events and shows no tabs.
 */
export default async function Bitrix24InstallPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const locale = pickLocale(typeof params.lang === 'string' ? params.lang : null);
  const t = getDictionary(locale).bitrix24Install;
  const setup = params.setup === 'retrying' ? 'retrying' : 'done';
  return (
    <main className="min-h-0 bg-[#eef2f4] p-4 font-sans text-[#333]">
      <section className="mx-auto max-w-xl rounded-lg bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold text-[#333]">{t.title}</h1>
        <InstallFinish
          text={{
            finishing: t.finishing,
            finished: setup === 'retrying' ? t.retrying : t.done,
            outside: t.outsideBitrix24,
            failed: t.failed,
          }}
        />
      </section>
    </main>
  );
}
