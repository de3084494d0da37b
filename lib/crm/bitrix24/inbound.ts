import { z } from 'zod';

/**
 * What Bitrix24 sends us, parsed strictly. Events and frames are application/x-www-form-urlencoded
 * with bracketed keys (`auth[application_token]`, `data[FIELDS][ID]`), so they are parsed with qs,
 * never with formData() (which keeps the brackets as flat names). Event payloads have changed in
 * production (b24-rest-docs#55: `event_handler_id` added, `server_endpoint` missing in some), so
 * only what we rely on is required. Bodies are parsed by lib/http/form-body.
 */

export { parseForm } from '@/lib/http/form-body';

const eventAuthSchema = z.object({
  access_token: z.string().optional(),
  refresh_token: z.string().optional(),
  expires_in: z.coerce.number().optional(),
  expires: z.coerce.number().optional(),
  scope: z.string().optional(),
  domain: z.string().min(1),
  server_endpoint: z.string().optional(),
  client_endpoint: z.string().optional(),
  status: z.string().optional(),
  member_id: z.string().min(1),
  application_token: z.string().min(1),
  user_id: z.coerce.number().optional(),
});

export const eventSchema = z.object({
  event: z
    .string()
    .min(1)
    .transform((name) => name.toUpperCase()),
  event_handler_id: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  ts: z.string().optional(),
  auth: eventAuthSchema,
});
export type Bitrix24Event = z.output<typeof eventSchema>;

/**
 * A workflow reaching our robot or workflow action (docs/bitrix24-robot.md): the same `auth[…]` as
 * events (tokens of AUTH_USER_ID, the application token), the run's identity and its token, the
 * document (`['crm', 'CCrmDocumentDeal', 'DEAL_5']`) and the template's property values (strings).
 */
export const robotCallSchema = z.object({
  workflow_id: z.string().min(1).max(100),
  code: z.string().min(1).max(100),
  document_id: z.array(z.string().max(200)).length(3),
  event_token: z.string().min(1).max(1000),
  properties: z.record(z.string(), z.unknown()).default({}),
  use_subscription: z.enum(['Y', 'N']).default('Y'),
  auth: eventAuthSchema,
});
export type Bitrix24RobotCall = z.output<typeof robotCallSchema>;

/** The CRM entity an event is about: `data[FIELDS][ID]` (CRM) or `data[ID]` (booking events). */
export function eventEntityId(event: Bitrix24Event): string | null {
  const data = event.data ?? {};
  const fields = data.FIELDS as Record<string, unknown> | undefined;
  const id = fields?.ID ?? data.ID;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

/** The query string and POST form of a frame (reference §1.2): the installer, the app, placements. */
export const frameQuerySchema = z.object({
  DOMAIN: z.string().min(1),
  PROTOCOL: z.enum(['0', '1']).default('1'),
  LANG: z.string().default('ru'),
  APP_SID: z.string().optional(),
});

export const frameFormSchema = z.object({
  AUTH_ID: z.string().min(1),
  AUTH_EXPIRES: z.coerce.number().int().positive().default(3600),
  REFRESH_ID: z.string().optional(),
  SERVER_ENDPOINT: z.string().min(1),
  APPLICATION_TOKEN: z.string().min(1),
  APPLICATION_SCOPE: z.string().optional(),
  member_id: z.string().min(1),
  status: z.string().optional(),
  PLACEMENT: z.string().default('DEFAULT'),
  PLACEMENT_OPTIONS: z.string().optional(),
});

export type FrameRequest = z.output<typeof frameQuerySchema> & z.output<typeof frameFormSchema>;

/** `${http|https}://DOMAIN/rest/` from a frame's query. */
export function clientEndpointOf(frame: { DOMAIN: string; PROTOCOL: '0' | '1' }): string {
  return `${frame.PROTOCOL === '1' ? 'https' : 'http'}://${frame.DOMAIN}/rest/`;
}
