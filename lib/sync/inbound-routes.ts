import { createIngress, type IngressRoute, installIngress } from '@/lib/http/ingress';
import { amocrmWebhookHandler } from './amocrm/handlers';
import { amocrmDepsFromRuntime } from './amocrm/runtime-deps';
import { bitrix24EventsHandler } from './bitrix24/handlers';
import { bitrix24DepsFromRuntime } from './bitrix24/runtime-deps';
import { limeWebhookDepsFromRuntime } from './lime/runtime-deps';
import { limeWebhookHandler } from './lime/webhook-handler';

/**
 * The inbound endpoints (every CRM change and Lime event arrives here): their handlers, exported by
 * the routes under app/api, and answered by the ingress (lib/http/ingress.ts) ahead of Next.js
 * where it is installed.
 */
export const bitrix24EventsPost = bitrix24EventsHandler(bitrix24DepsFromRuntime);
export const amocrmWebhookPost = amocrmWebhookHandler(amocrmDepsFromRuntime);
export const limeWebhookPost = limeWebhookHandler(limeWebhookDepsFromRuntime);

export const INBOUND_ROUTES: IngressRoute[] = [
  { name: 'bitrix24-events', pattern: /^\/api\/bitrix24\/events$/, handler: bitrix24EventsPost },
  {
    name: 'amocrm-webhook',
    pattern: /^\/api\/amocrm\/webhooks\/(?<secret>[^/]+)$/,
    handler: amocrmWebhookPost,
  },
  {
    name: 'lime-webhook',
    pattern: /^\/api\/lime\/webhook\/(?<connectionId>[^/]+)$/,
    handler: limeWebhookPost,
  },
];

/** Called once the web process's runtime is up (instrumentation.ts). */
export function installInboundIngress(): void {
  installIngress(
    createIngress(INBOUND_ROUTES, { https: (process.env.APP_URL ?? '').startsWith('https://') }),
  );
}
