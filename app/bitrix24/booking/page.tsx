import { pickLocale } from '@/lib/i18n';
import { BookingScreen } from './booking-screen';

/** The deal's booking calendar in the Bitrix24 slider (the app's main frame opened by the deal tab). */
export default async function Bitrix24BookingPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return <BookingScreen locale={pickLocale(typeof params.lang === 'string' ? params.lang : null)} />;
}
