import { AppError } from '@/lib/http/errors';

/** Another live booking holds a resource at that time (the exclusion constraint said 23P01). */
export class BookingConflictError extends AppError {
  readonly code = 'booking_conflict' as const;
  readonly status = 409;
  constructor(
    message: string,
    readonly conflict: { bookingId: string; number: number; crmDealId: string; resourceId: string },
  ) {
    super(message);
    this.name = 'BookingConflictError';
  }
}

/** The booking cannot be as asked: a time that does not exist, outside working hours, a bad range. */
export class BookingRefusedError extends AppError {
  readonly code = 'booking_refused' as const;
  readonly status = 422;
}

/** The booking changed since the page read it, or its state forbids the change. */
export class BookingStateError extends AppError {
  readonly code = 'booking_state' as const;
  readonly status = 409;
}
