import { pickLocale } from '@/lib/i18n';
import { SettingsScreen } from '../../bitrix24/settings/settings-screen';

/** The amoCRM widget's iframe in the advanced settings (the widget's embed session sends it here with a token). */
export default async function AmocrmSettingsScreenPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return (
    <SettingsScreen locale={pickLocale(typeof params.lang === 'string' ? params.lang : null)} host="amocrm" />
  );
}
