import type { JsonObject } from './types';

/** A refusal by the park's rules; routes turn it into Lime's error envelope, controls throw it. */
export type SimErrorCode =
  | 'not_found'
  | 'validation_failed'
  | 'version_conflict'
  | 'duplicate'
  | 'preorder_not_editable'
  | 'forbidden';

export const SIM_ERROR_STATUS: Record<SimErrorCode, number> = {
  not_found: 404,
  validation_failed: 422,
  version_conflict: 409,
  duplicate: 409,
  preorder_not_editable: 409,
  forbidden: 403,
};

export class SimError extends Error {
  constructor(
    readonly code: SimErrorCode,
    message: string,
    readonly extra: JsonObject = {},
  ) {
    super(message);
    this.name = 'SimError';
  }
}
