import type { PortalState } from './portal-state';
import type { JsonObject } from './types';

/**
 * What the portal POSTs to an app frame (the installer, the main page, every placement handler),
 * reference §1.2 and widgets/_includes/widget_data.md: a query string with DOMAIN, PROTOCOL
 * (0 http, 1 https), LANG and a fresh APP_SID, and a form with a fresh access token of the
 * viewing user (AUTH_ID, AUTH_EXPIRES, REFRESH_ID), SERVER_ENDPOINT, member_id, status,
 * APPLICATION_TOKEN, APPLICATION_SCOPE, PLACEMENT and PLACEMENT_OPTIONS — a JSON *string* to
 * which the portal adds a `URI` key (for CRM detail placements the card's path).
 */

export interface FramePost {
  query: Record<string, string>;
  form: Record<string, string>;
}

function defaultUri(placement: string, options: JsonObject): string {
  const detail = /^CRM_(LEAD|DEAL|CONTACT|COMPANY|QUOTE)_DETAIL_/.exec(placement);
  const id = options.ID ?? options.ENTITY_ID;
  if (detail?.[1] && id) return `/crm/${detail[1].toLowerCase()}/details/${String(id)}/`;
  const list = /^CRM_(LEAD|DEAL|CONTACT|COMPANY)_LIST_/.exec(placement);
  if (list?.[1]) return `/crm/${list[1].toLowerCase()}/list/`;
  return '/';
}

export function framePost(
  state: PortalState,
  input: { placement: string; placementOptions?: JsonObject; userId: number; lang?: string },
): FramePost {
  const pair = state.tokens.issuePair(input.userId);
  const id = state.identity;
  const options = { ...(input.placementOptions ?? {}) };
  const placementOptions =
    input.placement === 'DEFAULT' && Object.keys(options).length === 0
      ? '{}'
      : JSON.stringify({ ...options, URI: options.URI ?? defaultUri(input.placement, options) });
  return {
    query: {
      DOMAIN: id.domain,
      PROTOCOL: id.https ? '1' : '0',
      LANG: input.lang ?? state.lang,
      APP_SID: state.ids.hex(32),
    },
    form: {
      AUTH_ID: pair.access.token,
      AUTH_EXPIRES: String(state.tokens.ttlSeconds),
      REFRESH_ID: pair.refreshToken,
      SERVER_ENDPOINT: id.serverEndpoint,
      member_id: id.memberId,
      status: 'F',
      APPLICATION_TOKEN: state.applicationToken,
      APPLICATION_SCOPE: state.app.scope.join(','),
      PLACEMENT: input.placement,
      PLACEMENT_OPTIONS: placementOptions,
    },
  };
}
