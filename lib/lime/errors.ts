/**
 * What can go wrong talking to Lime, as typed errors with a literal code: callers (jobs, the
 * journal, "test connection") branch on the code; nothing is a crash or a silent default.
 */

export abstract class LimeError extends Error {
  abstract readonly code: string;
  /** Worth retrying later with the same request (network, timeouts, 5xx, 429). */
  abstract readonly retryable: boolean;
  constructor(
    message: string,
    readonly operation: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class LimeUnreachableError extends LimeError {
  readonly code = 'LIME_UNREACHABLE' as const;
  readonly retryable = true;
}

export class LimeTimeoutError extends LimeError {
  readonly code = 'LIME_TIMEOUT' as const;
  readonly retryable = true;
}

export class LimeServerError extends LimeError {
  readonly code = 'LIME_SERVER_ERROR' as const;
  readonly retryable = true;
  constructor(
    message: string,
    operation: string,
    readonly status: number,
  ) {
    super(message, operation);
  }
}

export class LimeRateLimitedError extends LimeError {
  readonly code = 'LIME_RATE_LIMITED' as const;
  readonly retryable = true;
  constructor(
    message: string,
    operation: string,
    readonly retryAfterSeconds: number | null,
  ) {
    super(message, operation);
  }
}

/** Credentials refused (401 on a call, or the token endpoint refused both refresh and password). */
export class LimeAuthError extends LimeError {
  readonly code = 'LIME_AUTH_FAILED' as const;
  readonly retryable = false;
}

export class LimeForbiddenError extends LimeError {
  readonly code = 'LIME_FORBIDDEN' as const;
  readonly retryable = false;
}

/** A 404 on an assumed path: this installation does not offer that operation. */
export class LimeCapabilityMissingError extends LimeError {
  readonly code = 'LIME_CAPABILITY_MISSING' as const;
  readonly retryable = false;
}

/** Lime answered, but not in a shape we understand (bad JSON, wrong fields). */
export class LimeProtocolError extends LimeError {
  readonly code = 'LIME_PROTOCOL_ERROR' as const;
  readonly retryable = false;
}

/** Lime refused the request itself: validation, conflicts, reuse of an idempotency key. */
export class LimeRejectedError extends LimeError {
  readonly code = 'LIME_REJECTED' as const;
  readonly retryable = false;
  constructor(
    message: string,
    operation: string,
    readonly status: number,
    readonly limeCode: string,
  ) {
    super(message, operation);
  }
}

export class LimeNotFoundError extends LimeError {
  readonly code = 'LIME_NOT_FOUND' as const;
  readonly retryable = false;
}

/** We refused to send: the request itself is invalid (a phone that is no phone, an amount that is no
 * whole number of kopecks). Lime was not asked; retrying the same request cannot help. */
export class LimeInvalidRequestError extends LimeError {
  readonly code = 'LIME_INVALID_REQUEST' as const;
  readonly retryable = false;
}
