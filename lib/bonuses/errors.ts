import { AppError } from '@/lib/http/errors';

/** The user may not do this (managers when the settings say admins only; mass runs for managers). */
export class BonusForbiddenError extends AppError {
  readonly code = 'bonus_forbidden' as const;
  readonly status = 403;
}

/** The credit cannot be as asked: an amount over the limit, no Lime client, no Lime connection. */
export class BonusRefusedError extends AppError {
  readonly code = 'bonus_refused' as const;
  readonly status = 422;
}

/** A run id reused with other parameters. */
export class BonusConflictError extends AppError {
  readonly code = 'bonus_conflict' as const;
  readonly status = 409;
}
