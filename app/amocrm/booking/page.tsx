import { pickLocale } from '@/lib/i18n';
import { BookingScreen } from '../../bitrix24/booking/booking-screen';

/** The lead's booking calendar in an amoCRM modal (the widget opens it for the lead card's frame). */
export default async function AmocrmBookingPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return (
    <BookingScreen locale={pickLocale(typeof params.lang === 'string' ? params.lang : null)} host="amocrm" />
  );
}
