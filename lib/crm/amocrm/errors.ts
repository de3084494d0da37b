/** amoCRM failures as classes with literal codes (reference/amocrm.md §5.2 and "Sharpened…"). */

/** One entry of a 400's `validation-errors`: which item of a batch, which field, why. */
export interface AmocrmFieldError {
  requestId: string;
  path: string;
  code: string;
}

export class AmocrmApiError extends Error {
  readonly code = 'AMOCRM_API_ERROR' as const;
  constructor(
    readonly path: string,
    readonly status: number,
    detail: string,
    readonly fieldErrors: readonly AmocrmFieldError[] = [],
  ) {
    const fields = fieldErrors.map((e) => `${e.path}: ${e.code}`).join(', ');
    super(`amoCRM ${path}: HTTP ${status}${detail ? ` — ${detail}` : ''}${fields ? ` (${fields})` : ''}`);
    this.name = 'AmocrmApiError';
  }
}

/** 429 that outlasted our back-off: the job retries later. */
export class AmocrmRateLimitedError extends Error {
  readonly code = 'AMOCRM_RATE_LIMITED' as const;
  constructor(
    readonly path: string,
    readonly retryAt: Date,
  ) {
    super(`amoCRM ${path}: rate limited until ${retryAt.toISOString()}`);
    this.name = 'AmocrmRateLimitedError';
  }
}

/** The account is blocked (403 after repeated 429s): every call stops; only amoCRM support lifts it. */
export class AmocrmBlockedError extends Error {
  readonly code = 'AMOCRM_BLOCKED' as const;
  constructor(readonly path: string) {
    super(`amoCRM ${path}: the account answers 403 (blocked); all calls stopped`);
    this.name = 'AmocrmBlockedError';
  }
}

/** The refresh token was refused (single-use, revoked or expired): the account must reconnect. */
export class AmocrmReconnectRequiredError extends Error {
  readonly code = 'AMOCRM_RECONNECT_REQUIRED' as const;
  constructor(reason: string) {
    super(`amoCRM refused the refresh (${reason}): connect the integration again`);
    this.name = 'AmocrmReconnectRequiredError';
  }
}
