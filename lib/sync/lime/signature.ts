import { createHmac } from 'node:crypto';
import { safeEqual } from '@/lib/http/route';

/**
 * Lime's webhook signature (docs/lime-api.md): `X-Lime-Signature: v1=<hex HMAC_SHA256(secret,
 * timestamp + "." + rawBody)>`, several comma-separated while a secret rotates, and a timestamp
 * that must be within the window of now.
 */

export const SIGNATURE_WINDOW_SECONDS = 300;

export function signLimeWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export type SignatureVerdict = 'ok' | 'missing' | 'stale' | 'mismatch';

export function verifyLimeSignature(params: {
  secret: string;
  rawBody: string;
  timestampHeader: string | null;
  signatureHeader: string | null;
  nowSeconds: number;
}): SignatureVerdict {
  if (!params.timestampHeader || !params.signatureHeader) return 'missing';
  if (!/^\d{9,11}$/.test(params.timestampHeader)) return 'missing';
  const timestamp = Number(params.timestampHeader);
  if (Math.abs(params.nowSeconds - timestamp) > SIGNATURE_WINDOW_SECONDS) return 'stale';
  const expected = signLimeWebhook(params.secret, timestamp, params.rawBody);
  const given = params.signatureHeader.split(',').map((s) => s.trim());
  return given.some((candidate) => safeEqual(candidate, expected)) ? 'ok' : 'mismatch';
}
