/**
 * Errors that reach a caller. Each class has a literal `code` and an HTTP status; the route
 * wrappers turn them into the one envelope `{ "error": { "code", "message" } }`.
 */

export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
}

export class BadRequestError extends AppError {
  readonly code = 'bad_request' as const;
  readonly status = 400;
}

export class InvalidRequestError extends AppError {
  readonly code = 'invalid_request' as const;
  readonly status = 400;
}

export class UnauthorizedError extends AppError {
  readonly code = 'unauthorized' as const;
  readonly status = 401;
}

export class ForbiddenError extends AppError {
  readonly code = 'forbidden' as const;
  readonly status = 403;
}

export class NotFoundError extends AppError {
  readonly code = 'not_found' as const;
  readonly status = 404;
}

export class ConflictError extends AppError {
  readonly code = 'conflict' as const;
  readonly status = 409;
}

export class PayloadTooLargeError extends AppError {
  readonly code = 'payload_too_large' as const;
  readonly status = 413;
}

export class UnsupportedMediaTypeError extends AppError {
  readonly code = 'unsupported_media_type' as const;
  readonly status = 415;
}

export class TooManyRequestsError extends AppError {
  readonly code = 'rate_limited' as const;
  readonly status = 429;
  /** Sent as Retry-After. */
  readonly retryAfterSeconds: number;
  constructor(message: string, options: { retryAfterSeconds: number }) {
    super(message);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export class ServiceUnavailableError extends AppError {
  readonly code = 'unavailable' as const;
  readonly status = 503;
}

export interface ErrorEnvelope {
  error: { code: string; message: string };
}
