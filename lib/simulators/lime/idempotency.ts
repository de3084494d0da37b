import { limeError, type Reply } from './http-io';
import type { ParkState } from './park-state';

/**
 * Idempotency keys (docs/lime-api.md, assumed): writes carry `Idempotency-Key` (1–255 chars). The
 * same key with the same request (method, path, canonical JSON body) replays the first answer with
 * `Idempotent-Replayed: true`; the same key with another request is 409 idempotency_key_reuse.
 * Only successful (2xx) answers are remembered: a refused request had no effect, so retrying it
 * with the same key runs it again. Keys are kept for the simulator's lifetime.
 */

export const MAX_KEY_LENGTH = 255;

export type KeyCheck = { reply: Reply } | { remember: (reply: Reply) => void };

export function checkKey(
  park: ParkState,
  key: string | undefined,
  mode: 'required' | 'honoured',
  fingerprint: string,
): KeyCheck {
  if (key === undefined || key.trim() === '') {
    if (mode === 'honoured') return { remember: () => undefined };
    return { reply: limeError(422, 'validation_failed', 'Заголовок Idempotency-Key обязателен для записи') };
  }
  if (key.length > MAX_KEY_LENGTH) {
    return {
      reply: limeError(422, 'validation_failed', `Idempotency-Key длиннее ${MAX_KEY_LENGTH} символов`),
    };
  }
  const record = park.idempotency.get(key);
  if (record) {
    if (record.fingerprint !== fingerprint) {
      return {
        reply: limeError(
          409,
          'idempotency_key_reuse',
          'Этот Idempotency-Key уже использован с другим запросом',
        ),
      };
    }
    return {
      reply: {
        status: record.status,
        body: record.body,
        contentType: 'application/json; charset=utf-8',
        headers: { 'Idempotent-Replayed': 'true' },
      },
    };
  }
  return {
    remember: (reply) => {
      if (reply.status < 200 || reply.status >= 300) return;
      park.idempotency.set(key, {
        key,
        fingerprint,
        status: reply.status,
        body: reply.body ?? '',
        createdAt: park.now(),
      });
    },
  };
}
