/**
 * What can go wrong talking to Bitrix24, as classes with literal codes. The REST body's `error`
 * is not always a code string (empty, prose, or a number in catalog and booking methods: reference
 * "Sharpened…"), so errors carry the HTTP status and the text as they came.
 */

export class Bitrix24ApiError extends Error {
  readonly code = 'BITRIX24_API_ERROR' as const;
  constructor(
    readonly method: string,
    readonly status: number,
    readonly bitrixCode: string,
    description: string,
  ) {
    super(`Bitrix24 ${method}: ${bitrixCode || `HTTP ${status}`}${description ? ` — ${description}` : ''}`);
    this.name = 'Bitrix24ApiError';
  }
}

/** 503 QUERY_LIMIT_EXCEEDED that outlasted our back-off, or 429 OPERATION_TIME_LIMIT: retry later. */
export class Bitrix24RateLimitedError extends Error {
  readonly code = 'BITRIX24_RATE_LIMITED' as const;
  constructor(
    readonly method: string,
    readonly retryAt: Date,
  ) {
    super(`Bitrix24 ${method}: rate limited until ${retryAt.toISOString()}`);
    this.name = 'Bitrix24RateLimitedError';
  }
}

/** The refresh token is dead (invalid_grant) or the app is gone (invalid_client): re-install. */
export class Bitrix24ReinstallRequiredError extends Error {
  readonly code = 'BITRIX24_REINSTALL_REQUIRED' as const;
  constructor(readonly reason: string) {
    super(`Bitrix24 refused the refresh (${reason}): the app must be installed again on the portal`);
    this.name = 'Bitrix24ReinstallRequiredError';
  }
}

/** The OAuth server did not confirm a token, our client id or the portal. */
export class Bitrix24UnverifiedError extends Error {
  readonly code = 'BITRIX24_UNVERIFIED' as const;
  constructor(reason: string) {
    super(`Bitrix24 install not verified: ${reason}`);
    this.name = 'Bitrix24UnverifiedError';
  }
}
