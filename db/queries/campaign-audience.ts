import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { links } from '../schema';
import { bonusCredits } from '../schema-bonuses';
import { limeClients, limeRelations } from '../schema-lime';
import { campaignSends } from '../schema-mailings';
import { type AudienceQuery, audienceConditions } from './bonus-audience';

/**
 * Campaign audiences over the Lime mirror (issue 8), each one indexed lookup, fast on a million
 * clients: birthdays by `birth_month_day` (children through `lime_relations_child_idx` to their
 * parents), win-back by `last_visit_at`, a manual list by the bonus filter. Recording an audience is
 * one `INSERT … SELECT … ON CONFLICT DO NOTHING` into campaign_sends, the CRM contact taken from the
 * identity map on the way; occasions are built from the parts lib/domain/campaigns.ts gives.
 */

/** Rows of a raw statement (node-postgres and PGlite both answer `{ rows }`). */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as { rows: T[] }).rows;
}

interface Scope {
  tenantId: string;
  connectionId: string;
}

export interface BirthdayAudience extends Scope {
  /** 'MM-DD' of the birth dates celebrated on the day (lib/domain/campaigns.ts birthdaysOn). */
  monthDays: string[];
  clients: boolean;
  children: boolean;
}

export interface AudienceCounts {
  /** People mailed: each client or parent once. */
  people: number;
  /** Clients' own birthdays (or the clients of a win-back or a list). */
  clients: number;
  /** Children's birthdays. */
  children: number;
}

/** Adults and clients without a category: a child in Lime is reached through a parent. */
const notAChild = (alias: SQL) => sql`coalesce(${alias}.category, '') <> 'child'`;

const monthDaysIn = (alias: SQL, monthDays: string[]) =>
  sql`${alias}.birth_month_day in (${sql.join(
    monthDays.map((d) => sql`${d}`),
    sql`, `,
  )})`;

/**
 * The birthday CTEs: `b`, everyone of the mirror born on one of the days (one scan of the birthday
 * index); `own` (id, name), the clients among them (a child is reached through a parent); `kids`
 * (parent_id, child_id, child_name), each of them with each live parent — by the child index, one
 * probe each (`offset 0` keeps the planner from flattening the lateral into a hash join over every
 * relation of the park). A side the audience leaves out is empty.
 */
function birthdayCtes(q: BirthdayAudience): SQL {
  const b = sql`b`;
  return sql`with b as materialized (
      select c.id, c.first_name, c.category, c.connection_id from ${limeClients} c
       where c.tenant_id = ${q.tenantId} and c.connection_id = ${q.connectionId}
         and ${monthDaysIn(sql`c`, q.monthDays)}),
    own as (select b.id, b.first_name as name from b where ${notAChild(b)} and ${sql.raw(String(q.clients))}),
    kids as (select r.parent_id, b.id as child_id, b.first_name as child_name from b
      cross join lateral (select r.parent_id from ${limeRelations} r
         where r.connection_id = b.connection_id and r.child_id = b.id and not r.deleted offset 0) r
      where ${sql.raw(String(q.children))})`;
}

export async function countBirthdayAudience(db: Db, q: BirthdayAudience): Promise<AudienceCounts> {
  const [row] = await rowsOf<AudienceCounts>(
    db,
    sql`${birthdayCtes(q)}
    select (select count(*) from own)::int as clients,
           (select count(distinct child_id) from kids)::int as children,
           (select count(*) from (select id from own union select parent_id from kids) people)::int as people`,
  );
  return row ?? { people: 0, clients: 0, children: 0 };
}

/** The first few people mailed, by name (a preview). */
export async function sampleBirthdayAudience(db: Db, q: BirthdayAudience, limit: number): Promise<string[]> {
  const rows = await rowsOf<{ name: string }>(
    db,
    sql`${birthdayCtes(q)}, people as (select id from own union select parent_id from kids)
    select c.display_name as name from people
      join ${limeClients} c on c.connection_id = ${q.connectionId} and c.id = people.id
     order by c.display_name, c.id limit ${limit}`,
  );
  return rows.map((r) => r.name);
}

interface SendTarget {
  tenantId: string;
  campaignId: string;
  dueAt: Date;
  /** Values every send of the campaign carries (e.g. its bonus), besides each row's own. */
  fields?: Record<string, string>;
  /** Not sent from this instant on (a birthday's end), or never too late. */
  expiresAt?: Date;
}

/**
 * Records a send per row of `rows` — (client_id, occasion, fields jsonb) — with the client's CRM
 * contact from the identity map; an occasion recorded before is left as it is. Returns how many are new.
 */
async function recordRows(db: Db, target: SendTarget, rows: SQL): Promise<number> {
  const made = await rowsOf<{ one: number }>(
    db,
    sql`
    insert into ${campaignSends} (tenant_id, campaign_id, client_id, occasion, contact_id, due_at, expires_at, fields)
    select ${target.tenantId}::uuid, ${target.campaignId}::uuid, a.client_id, a.occasion, l.crm_id,
           ${target.dueAt.toISOString()}::timestamptz, ${target.expiresAt?.toISOString() ?? null}::timestamptz,
           ${JSON.stringify(target.fields ?? {})}::jsonb || a.fields
      from (${rows}) a
      left join ${links} l on l.tenant_id = ${target.tenantId}::uuid and l.lime_type = 'client'
           and l.lime_id = a.client_id::text and l.crm_entity = 'contact'
    on conflict (tenant_id, campaign_id, client_id, occasion) do nothing
    returning 1 as one`,
  );
  return made.length;
}

export async function recordBirthdaySends(
  db: Db,
  q: BirthdayAudience &
    SendTarget & { client: { prefix: string; suffix: string }; child: { prefix: string; suffix: string } },
): Promise<number> {
  if (!q.clients && !q.children) return 0;
  return recordRows(
    db,
    q,
    sql`${birthdayCtes(q)}
      select o.id as client_id, ${q.client.prefix}::text || o.id || ${q.client.suffix}::text as occasion,
             '{}'::jsonb as fields
        from own o
      union all
      select k.parent_id, ${q.child.prefix}::text || k.child_id || ${q.child.suffix}::text,
             jsonb_build_object('childName', k.child_name)
        from kids k`,
  );
}

export interface WinbackAudience extends Scope {
  /** Last visits in [lastVisitFrom, lastVisitBefore). */
  lastVisitFrom: Date;
  lastVisitBefore: Date;
  /** The venue's zone: the occasion names the last visit's local day. */
  zone: string;
}

function lapsed(q: WinbackAudience): SQL {
  return sql`select c.id, c.last_visit_at from ${limeClients} c
     where c.tenant_id = ${q.tenantId} and c.connection_id = ${q.connectionId}
       and c.last_visit_at >= ${q.lastVisitFrom.toISOString()}::timestamptz
       and c.last_visit_at < ${q.lastVisitBefore.toISOString()}::timestamptz and ${notAChild(sql`c`)}`;
}

export async function countWinbackAudience(db: Db, q: WinbackAudience): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from (${lapsed(q)}) x`);
  return row?.n ?? 0;
}

export async function sampleWinbackAudience(db: Db, q: WinbackAudience, limit: number): Promise<string[]> {
  const rows = await rowsOf<{ name: string }>(
    db,
    sql`
    select c.display_name as name from (${lapsed(q)}) x
      join ${limeClients} c on c.connection_id = ${q.connectionId} and c.id = x.id
     order by c.display_name, c.id limit ${limit}`,
  );
  return rows.map((r) => r.name);
}

export async function recordWinbackSends(
  db: Db,
  q: WinbackAudience & SendTarget & { prefix: string },
): Promise<number> {
  return recordRows(
    db,
    q,
    sql`select x.id as client_id,
               ${q.prefix}::text || to_char(x.last_visit_at at time zone ${q.zone}::text, 'YYYY-MM-DD') as occasion,
               '{}'::jsonb as fields
          from (${lapsed(q)}) x`,
  );
}

/** A manual campaign's list: the bonus filter's people (lib/bonuses/audience.ts builds the query). */
export async function recordFilterSends(
  db: Db,
  q: AudienceQuery & SendTarget & { occasion: string },
): Promise<number> {
  return recordRows(
    db,
    q,
    sql`select ${limeClients.id} as client_id, ${q.occasion}::text as occasion, '{}'::jsonb as fields
          from ${limeClients} where ${audienceConditions(q)}`,
  );
}

export interface BirthdayCreditDue {
  /** The client credited (a child's parent). */
  clientId: number;
  /** The child whose birthday it is, or null for the client's own. */
  childId: number | null;
  key: string;
}

/**
 * The birthday bonuses of the day not yet written (lib/domain/bonus-keys.ts keys, looked up in
 * bonus_credits by the unique key): each client's own, and each child's once, to the first parent.
 */
export async function listBirthdayCreditsDue(
  db: Db,
  q: BirthdayAudience & {
    client: { prefix: string; suffix: string };
    child: { prefix: string; suffix: string };
  },
): Promise<BirthdayCreditDue[]> {
  if (!q.clients && !q.children) return [];
  const notWritten = (key: SQL) =>
    sql`not exists (select 1 from ${bonusCredits} bc where bc.tenant_id = ${q.tenantId}::uuid and bc.key = ${key})`;
  return rowsOf<BirthdayCreditDue>(
    db,
    sql`${birthdayCtes(q)},
      credits as (
        select o.id as "clientId", null::int as "childId",
               ${q.client.prefix}::text || o.id || ${q.client.suffix}::text as key
          from own o
        union all
        select * from (select distinct on (k.child_id) k.parent_id, k.child_id,
                              ${q.child.prefix}::text || k.child_id || ${q.child.suffix}::text
                         from kids k order by k.child_id, k.parent_id) first_parent)
      select * from credits where ${notWritten(sql`credits.key`)}`,
  );
}
