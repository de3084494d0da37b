import { pickLocale } from '@/lib/i18n';
import { SettingsScreen } from './settings-screen';

/** The app's main frame in Bitrix24 (POST /api/bitrix24/app answers 303 here): the settings. */
export default async function Bitrix24SettingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return <SettingsScreen locale={pickLocale(typeof params.lang === 'string' ? params.lang : null)} />;
}
