import { getRequestLocale } from '@/app/_lib/request-locale';
import { WebhookConnectForm } from './webhook-connect-form';

/** Webhook mode's sign-in: a first-party page (not in a frame) where an admin connects a portal. */
export default async function Bitrix24WebhookPage() {
  return <WebhookConnectForm locale={await getRequestLocale()} />;
}
