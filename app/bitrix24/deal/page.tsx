import { pickLocale } from '@/lib/i18n';
import { DealTab } from './deal-tab';

/** The CRM_DEAL_DETAIL_TAB page (POST /api/bitrix24/placement answers 303 here). */
export default async function Bitrix24DealPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return <DealTab locale={pickLocale(typeof params.lang === 'string' ? params.lang : null)} />;
}
