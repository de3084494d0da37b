import { ZodError } from 'zod';
import { getLogger } from '@/lib/log/logger';
import { AppError, type ErrorEnvelope, TooManyRequestsError } from './errors';

export function errorEnvelope(code: string, message: string): ErrorEnvelope {
  return { error: { code, message } };
}

export function jsonError(status: number, code: string, message: string, headers?: HeadersInit): Response {
  return Response.json(errorEnvelope(code, message), { status, headers });
}

function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** Maps anything thrown by a handler to the envelope; unexpected errors are logged, not echoed. */
export function errorResponse(error: unknown, context: { route: string }): Response {
  if (error instanceof TooManyRequestsError)
    return jsonError(error.status, error.code, error.message, {
      'retry-after': String(error.retryAfterSeconds),
    });
  if (error instanceof AppError) return jsonError(error.status, error.code, error.message);
  if (error instanceof ZodError) return jsonError(400, 'invalid_request', describeZodError(error));
  getLogger().error({ err: error, route: context.route }, 'unhandled error in a route');
  return jsonError(500, 'internal_error', 'Something went wrong on our side; it has been logged.');
}
