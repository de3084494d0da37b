import { and, desc, eq, gte, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import { capLeft } from '@/lib/domain/mailing-window';
import type { Db } from '../client';
import { campaignSends, campaigns } from '../schema-mailings';
import { rowsOf } from './campaign-audience';

/**
 * A campaign's sends (db/schema-mailings.ts): one row per campaign, person and occasion, written
 * `ON CONFLICT DO NOTHING` so planning twice plans once. A send is delivered only under its lease,
 * taken by one statement (`FOR UPDATE SKIP LOCKED`), so two workers never deliver one send. Times
 * come from the caller's clock (the scheduler's injected `now`), never the database's.
 */

export type CampaignSendRow = typeof campaignSends.$inferSelect;

export interface NewCampaignSend {
  tenantId: string;
  campaignId: string;
  clientId: number;
  occasion: string;
  contactId?: string | null;
  dealId?: string | null;
  dueAt: Date;
  fields?: Record<string, string>;
}

const thisSend = (params: { tenantId: string; id: string }) =>
  and(eq(campaignSends.tenantId, params.tenantId), eq(campaignSends.id, params.id));

/** Records occasions; one recorded before is left as it is. Returns how many are new. */
export async function insertSends(db: Db, sends: NewCampaignSend[]): Promise<number> {
  if (sends.length === 0) return 0;
  const made = await db
    .insert(campaignSends)
    .values(sends)
    .onConflictDoNothing()
    .returning({ id: campaignSends.id });
  return made.length;
}

export async function getSend(
  db: Db,
  params: { tenantId: string; id: string },
): Promise<CampaignSendRow | null> {
  const [row] = await db.select().from(campaignSends).where(thisSend(params));
  return row ?? null;
}

const due = (tenantId: string, now: Date) =>
  sql`${campaignSends.tenantId} = ${tenantId} and ${campaignSends.status} = 'queued'
      and ${campaignSends.dueAt} <= ${now.toISOString()}::timestamptz
      and (${campaignSends.leaseUntil} is null or ${campaignSends.leaseUntil} <= ${now.toISOString()}::timestamptz)
      and (${campaignSends.expiresAt} is null or ${campaignSends.expiresAt} > ${now.toISOString()}::timestamptz)`;

/**
 * Leases up to `limit` due sends (queued, due by `now`, no live lease), the earliest due first, until
 * `now + leaseSeconds`; each lease counts an attempt. The picked ids are materialized once, so a
 * statement never leases more than it picked.
 */
async function leaseDueIds(
  db: Db,
  params: { tenantId: string; now: Date; limit: number; leaseSeconds: number },
): Promise<string[]> {
  if (params.limit <= 0) return [];
  const until = new Date(params.now.getTime() + params.leaseSeconds * 1000).toISOString();
  const leased = await rowsOf<{ id: string }>(
    db,
    sql`
    with picked as materialized (
      select ${campaignSends.id} as id from ${campaignSends}
       where ${due(params.tenantId, params.now)}
       order by ${campaignSends.dueAt}, ${campaignSends.id}
       limit ${params.limit}
       for update skip locked)
    update ${campaignSends}
       set lease_until = ${until}::timestamptz, attempts = ${campaignSends.attempts} + 1, updated_at = now()
      from picked
     where ${campaignSends.id} = picked.id and ${campaignSends.tenantId} = ${params.tenantId}
    returning ${campaignSends.id} as id`,
  );
  return leased.map((r) => r.id);
}

/**
 * Leases due sends within the day's cap: what the day allows (`cap` less the sends sent in
 * [dayStart, dayEnd) and those leased now), at most `chunk`. Counting and leasing hold the tenant's
 * advisory lock in one transaction, so two passes at once never lease past the cap together.
 */
export async function leaseDueSendsWithinCap(
  db: Db,
  params: {
    tenantId: string;
    now: Date;
    dayStart: Date;
    dayEnd: Date;
    cap: number;
    chunk: number;
    leaseSeconds: number;
  },
): Promise<{ sends: CampaignSendRow[]; left: number }> {
  const { tenantId, now } = params;
  const leased = await withXactLock(db, `campaign-sends:${tenantId}`, async (tx) => {
    const used = await countSendsUsed(tx, { tenantId, from: params.dayStart, to: params.dayEnd, now });
    const left = capLeft({ dailyCap: params.cap }, used);
    const ids = await leaseDueIds(tx, {
      tenantId,
      now,
      limit: Math.min(left, params.chunk),
      leaseSeconds: params.leaseSeconds,
    });
    return { ids, left };
  });
  if (leased.ids.length === 0) return { sends: [], left: leased.left };
  const rows = await db
    .select()
    .from(campaignSends)
    .where(and(eq(campaignSends.tenantId, tenantId), inArray(campaignSends.id, leased.ids)));
  rows.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id));
  return { sends: rows, left: leased.left };
}

/** Whether any send is due by `now` and free to lease. */
export async function hasDueSends(db: Db, params: { tenantId: string; now: Date }): Promise<boolean> {
  const [row] = await db
    .select({ id: campaignSends.id })
    .from(campaignSends)
    .where(due(params.tenantId, params.now))
    .limit(1);
  return row !== undefined;
}

/**
 * What counts against the daily cap of the day [from, to): sends sent in it, and sends leased now
 * (being delivered; they may be sent within the day).
 */
export async function countSendsUsed(
  db: Db,
  params: { tenantId: string; from: Date; to: Date; now: Date },
): Promise<number> {
  const [row] = await db
    .select({
      n: sql<number>`count(*) filter (where (${campaignSends.status} = 'sent' and ${campaignSends.sentAt} >= ${params.from.toISOString()}::timestamptz and ${campaignSends.sentAt} < ${params.to.toISOString()}::timestamptz) or (${campaignSends.status} = 'queued' and ${campaignSends.leaseUntil} > ${params.now.toISOString()}::timestamptz))::int`,
    })
    .from(campaignSends)
    .where(
      and(
        eq(campaignSends.tenantId, params.tenantId),
        sql`(${campaignSends.sentAt} >= ${params.from.toISOString()}::timestamptz or ${campaignSends.status} = 'queued')`,
      ),
    );
  return row?.n ?? 0;
}

/** Delivered: sent, with the CRM entity the automation ran on; only by the lease's holder (still queued). */
export async function markSendSent(
  db: Db,
  params: {
    tenantId: string;
    id: string;
    crmEntityId: string | null;
    at: Date;
    fields?: Record<string, string>;
  },
): Promise<CampaignSendRow | null> {
  const [row] = await db
    .update(campaignSends)
    .set({
      status: 'sent',
      crmEntityId: params.crmEntityId,
      sentAt: params.at,
      leaseUntil: null,
      error: null,
      ...(params.fields ? { fields: params.fields } : {}),
      updatedAt: sql`now()`,
    })
    .where(and(thisSend(params), eq(campaignSends.status, 'queued')))
    .returning();
  return row ?? null;
}

/** Refused for good (or out of tries): failed, with the reason in words. */
export async function markSendFailed(
  db: Db,
  params: { tenantId: string; id: string; error: string },
): Promise<void> {
  await db
    .update(campaignSends)
    .set({ status: 'failed', error: params.error.slice(0, 2000), leaseUntil: null, updatedAt: sql`now()` })
    .where(and(thisSend(params), eq(campaignSends.status, 'queued')));
}

/** Not sent, and never will be: its campaign was switched off or removed before its turn. */
export async function markSendSkipped(
  db: Db,
  params: { tenantId: string; id: string; reason: string },
): Promise<void> {
  await db
    .update(campaignSends)
    .set({ status: 'skipped', error: params.reason, leaseUntil: null, updatedAt: sql`now()` })
    .where(and(thisSend(params), eq(campaignSends.status, 'queued')));
}

/** Marks the tenant's waiting sends that `which` picks skipped, with `reason`; returns how many. */
async function skipWaiting(
  db: Db,
  params: { tenantId: string; reason: string },
  which: SQL,
): Promise<number> {
  const skipped = await db
    .update(campaignSends)
    .set({ status: 'skipped', error: params.reason, leaseUntil: null, updatedAt: sql`now()` })
    .where(and(eq(campaignSends.tenantId, params.tenantId), eq(campaignSends.status, 'queued'), which))
    .returning({ id: campaignSends.id });
  return skipped.length;
}

/** Every waiting send of the tenant's campaigns that are switched off (not manual lists), at once. */
export function skipSendsOfCampaignsOff(
  db: Db,
  params: { tenantId: string; reason: string },
): Promise<number> {
  return skipWaiting(
    db,
    params,
    sql`${campaignSends.campaignId} in (select c.id from ${campaigns} c
         where c.tenant_id = ${params.tenantId} and not c.enabled and c.kind <> 'manual')`,
  );
}

/** Every waiting send of the tenant no longer worth sending by `now` (a birthday's greeting after the day), not leased. */
export function skipExpiredSends(
  db: Db,
  params: { tenantId: string; now: Date; reason: string },
): Promise<number> {
  const now = params.now.toISOString();
  return skipWaiting(
    db,
    params,
    sql`${campaignSends.expiresAt} <= ${now}::timestamptz
        and (${campaignSends.leaseUntil} is null or ${campaignSends.leaseUntil} <= ${now}::timestamptz)`,
  );
}

/** A delivery worth trying again: queued until `dueAt`, the lease given back, the last error kept. */
export async function postponeSend(
  db: Db,
  params: { tenantId: string; id: string; dueAt: Date; error: string },
): Promise<void> {
  await db
    .update(campaignSends)
    .set({ dueAt: params.dueAt, leaseUntil: null, error: params.error.slice(0, 2000), updatedAt: sql`now()` })
    .where(and(thisSend(params), eq(campaignSends.status, 'queued')));
}

/** The latest sends of the tenant (by when they were recorded), for the settings screen. */
export async function listRecentSends(
  db: Db,
  params: { tenantId: string; limit: number },
): Promise<CampaignSendRow[]> {
  return db
    .select()
    .from(campaignSends)
    .where(eq(campaignSends.tenantId, params.tenantId))
    .orderBy(desc(campaignSends.createdAt), desc(campaignSends.id))
    .limit(params.limit);
}

/** Sends of a campaign recorded with a due time in [from, to): its people of a day. */
export async function countCampaignSendsDue(
  db: Db,
  params: { tenantId: string; campaignId: string; from: Date; to: Date },
): Promise<{ people: number; children: number }> {
  const [row] = await db
    .select({
      people: sql<number>`count(distinct ${campaignSends.clientId})::int`,
      children: sql<number>`count(*) filter (where ${campaignSends.occasion} like 'birthday:child:%')::int`,
    })
    .from(campaignSends)
    .where(
      and(
        eq(campaignSends.tenantId, params.tenantId),
        eq(campaignSends.campaignId, params.campaignId),
        gte(campaignSends.dueAt, params.from),
        lt(campaignSends.dueAt, params.to),
      ),
    );
  return row ?? { people: 0, children: 0 };
}

/** All sends of a campaign due by `until`, for a test or a report. */
export async function listCampaignSends(
  db: Db,
  params: { tenantId: string; campaignId: string; until?: Date },
): Promise<CampaignSendRow[]> {
  return db
    .select()
    .from(campaignSends)
    .where(
      and(
        eq(campaignSends.tenantId, params.tenantId),
        eq(campaignSends.campaignId, params.campaignId),
        params.until ? lte(campaignSends.dueAt, params.until) : undefined,
      ),
    )
    .orderBy(campaignSends.dueAt, campaignSends.id);
}

/** The greatest occasion of a campaign starting with `prefix` (manual starts: the latest, as ISO times sort). */
export async function latestOccasion(
  db: Db,
  params: { tenantId: string; campaignId: string; prefix: string },
): Promise<string | null> {
  const [row] = await db
    .select({ occasion: sql<string | null>`max(${campaignSends.occasion})` })
    .from(campaignSends)
    .where(
      and(
        eq(campaignSends.tenantId, params.tenantId),
        eq(campaignSends.campaignId, params.campaignId),
        sql`${campaignSends.occasion} like ${`${params.prefix}%`}`,
      ),
    );
  return row?.occasion ?? null;
}

/** Runs `fn` in a transaction holding the advisory lock named `name` (released at its end). */
export async function withXactLock<T>(db: Db, name: string, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`);
    return fn(tx as unknown as Db);
  });
}
