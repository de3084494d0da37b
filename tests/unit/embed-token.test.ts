import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type EmbedClaims, embedTokenKey, mintEmbedToken, verifyEmbedToken } from '@/lib/auth/embed-token';

const key = embedTokenKey(randomBytes(32));
const claims: EmbedClaims = {
  tenantId: '2f8e6a52-5a0c-4bb5-9d6c-4f6f0cf2a111',
  crm: 'bitrix24',
  userId: '7',
  admin: false,
  locale: 'ru',
  entity: { type: 'contact', id: '42' },
  hostOrigin: 'https://park.bitrix24.ru',
};

describe('embed tokens', () => {
  it('round-trips the claims', async () => {
    expect(await verifyEmbedToken(key, await mintEmbedToken(key, claims))).toEqual(claims);
  });

  it('refuses a token signed with another key, a tampered one and an expired one', async () => {
    const other = await mintEmbedToken(embedTokenKey(randomBytes(32)), claims);
    await expect(verifyEmbedToken(key, other)).rejects.toMatchObject({ status: 401 });
    const token = await mintEmbedToken(key, claims);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), admin: true }),
    ).toString('base64url');
    await expect(verifyEmbedToken(key, `${header}.${forged}.${signature}`)).rejects.toMatchObject({
      status: 401,
    });
    const expired = await mintEmbedToken(key, claims, -10);
    await expect(verifyEmbedToken(key, expired)).rejects.toThrow(/expired/);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const token = await mintEmbedToken(key, claims);
    const payload = token.split('.')[1] as string;
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    await expect(verifyEmbedToken(key, none)).rejects.toMatchObject({ status: 401 });
  });
});
