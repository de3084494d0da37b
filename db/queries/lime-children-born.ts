import { sql } from 'drizzle-orm';
import { CHILD_YEARS_BASE, CHILD_YEARS_BITS } from '@/lib/domain/child-years';
import type { Db } from '../client';
import { limeClients, limeRelations } from '../schema-lime';

/** The aggregate of a parent's `children_years` over a date column (the bits: lib/domain/child-years.ts). */
export function childrenYearsOf(column: string): string {
  return `bit_or((1::bigint) << least(greatest(extract(year from ${column})::int - ${CHILD_YEARS_BASE}, 0), ${CHILD_YEARS_BITS - 1}))`;
}

/**
 * A parent's `children_born` and `children_years` (lime_clients): the birth dates and years of its
 * live children, from their relation rows (lime_relations.child_birth_date), null when none is
 * known. Remade for the parents whose relations or children changed, in the transaction that
 * changed them; a parent not in the mirror yet gets them when its own row is written
 * (upsertMirrorClient remakes the client's).
 */
export async function remakeChildrenBorn(
  db: Db,
  params: { tenantId: string; connectionId: string; parentIds: number[] },
): Promise<void> {
  const ids = [...new Set(params.parentIds)];
  if (ids.length === 0) return;
  const p = limeClients;
  const r = limeRelations;
  await db.execute(sql`update ${p} set children_born = s.born, children_years = s.years
     from (select parent.id, kids.born, kids.years
             from unnest(array[${sql.join(
               ids.map((id) => sql`${id}`),
               sql`, `,
             )}]::int[]) as parent(id)
             cross join lateral (
               select range_agg(daterange(${r.childBirthDate}, ${r.childBirthDate}, '[]')) as born,
                      ${sql.raw(childrenYearsOf('"lime_relations"."child_birth_date"'))} as years
                 from ${r}
                where ${r.tenantId} = ${params.tenantId} and ${r.connectionId} = ${params.connectionId}
                  and ${r.parentId} = parent.id and not ${r.deleted} and ${r.childBirthDate} is not null
             ) as kids) as s
     where ${p.tenantId} = ${params.tenantId} and ${p.connectionId} = ${params.connectionId} and ${p.id} = s.id
       and (${p.childrenBorn} is distinct from s.born or ${p.childrenYears} is distinct from s.years)`);
}
