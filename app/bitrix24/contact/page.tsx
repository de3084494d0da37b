import { pickLocale } from '@/lib/i18n';
import { ContactTab } from './contact-tab';

/** The CRM_CONTACT_DETAIL_TAB page (POST /api/bitrix24/placement answers 303 here). */
export default async function Bitrix24ContactPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return <ContactTab locale={pickLocale(typeof params.lang === 'string' ? params.lang : null)} />;
}
