import type { Reply } from './http-io';
import type { ParkState } from './park-state';
import type { SimCapabilities, SimOrigin } from './types';

/** One `/api/{Controller}/{Action}` endpoint of the simulator. */

export type Capability = 'changeFeed' | 'preorders' | 'bonusAccruals' | 'webhooks';

export interface RouteContext {
  park: ParkState;
  query: URLSearchParams;
  /** The parsed JSON body (undefined when the route takes none). */
  body: unknown;
  /** Who the write is attributed to (`X-Lime-Integration` header → integration). */
  origin: SimOrigin;
  capabilities: SimCapabilities;
}

export interface Route {
  /** `Controller/Action`, matched case-insensitively (ASP.NET routing). */
  path: string;
  methods: readonly ('GET' | 'POST')[];
  /** observed: seen in public integrators' code; assumed: our proposal (404 when switched off). */
  kind: 'observed' | 'assumed';
  capability?: Capability;
  /** json: a JSON body is required on POST; none: any body is ignored (query parameters only). */
  body: 'json' | 'none';
  /** required: a write that needs `Idempotency-Key`; honoured: the key is used when sent. */
  idempotency?: 'required' | 'honoured';
  handle(ctx: RouteContext): Reply;
}

export function paged<T>(items: readonly T[], page: { skip: number; take: number }): T[] {
  return items.slice(page.skip, page.skip + page.take);
}
