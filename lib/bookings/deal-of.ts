import type { EmbedClaims } from '@/lib/auth/embed-token';
import { InvalidRequestError } from '@/lib/http/errors';

/** The deal (amoCRM: lead) whose card the frame shows: every booking call acts on it only. */
export function dealOf(claims: EmbedClaims): string {
  if (claims.entity?.type !== 'deal' && claims.entity?.type !== 'lead') {
    throw new InvalidRequestError('This frame does not show a deal');
  }
  return claims.entity.id;
}
