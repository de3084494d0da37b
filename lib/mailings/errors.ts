import { AppError } from '@/lib/http/errors';

/** A manager tried to change campaigns (admins only). */
export class CampaignForbiddenError extends AppError {
  readonly code = 'campaign_forbidden' as const;
  readonly status = 403;
}

/** The campaign cannot be as asked: its kind changed, a start of a non-manual one, no Lime connection. */
export class CampaignRefusedError extends AppError {
  readonly code = 'campaign_refused' as const;
  readonly status = 422;
}

/** Another campaign has the name, or the same manual list was started moments ago. */
export class CampaignConflictError extends AppError {
  readonly code = 'campaign_conflict' as const;
  readonly status = 409;
}
