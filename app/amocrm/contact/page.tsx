import { pickLocale } from '@/lib/i18n';
import { ContactTab } from '../../bitrix24/contact/contact-tab';

/** The amoCRM widget's iframe in the contact card (the widget's embed session sends it here with a token). */
export default async function AmocrmContactTabPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return (
    <ContactTab locale={pickLocale(typeof params.lang === 'string' ? params.lang : null)} host="amocrm" />
  );
}
