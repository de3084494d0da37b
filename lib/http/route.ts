import { timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from './errors';
import { errorResponse } from './respond';

/**
 * Route wrappers, one per kind of caller. Each owns that caller's authentication and the error
 * envelope, so a handler only parses, calls one lib/ function and responds.
 */

export type NextRouteContext = { params: Promise<Record<string, string | string[]>> };
type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Anyone may call it (health, public pages' APIs): errors still come back in the envelope. */
export function publicRoute<C = NextRouteContext>(name: string, handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error, { route: name });
    }
  };
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A static bearer token (METRICS_TOKEN). `expected` null means the operator set none: open.
 */
export function bearerRoute<C = NextRouteContext>(
  name: string,
  expected: () => string | null | Promise<string | null>,
  handler: Handler<C>,
): Handler<C> {
  return publicRoute(name, async (request, context) => {
    const token = await expected();
    if (token !== null) {
      const header = request.headers.get('authorization') ?? '';
      const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
      if (!safeEqual(given, token)) throw new UnauthorizedError('A valid bearer token is required');
    }
    return handler(request, context);
  });
}
