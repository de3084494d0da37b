import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { limeClients, limeRelations } from '../schema-lime';

/**
 * A parent's `children_born` (lime_clients): the birth dates of its live children, from their
 * relation rows (lime_relations.child_birth_date), null when none is known. Remade for the parents
 * whose relations or children changed, in the transaction that changed them; a parent not in the
 * mirror yet gets it when its own row is written (upsertMirrorClient remakes the client's).
 */
export async function remakeChildrenBorn(
  db: Db,
  params: { tenantId: string; connectionId: string; parentIds: number[] },
): Promise<void> {
  const ids = [...new Set(params.parentIds)];
  if (ids.length === 0) return;
  const p = limeClients;
  const r = limeRelations;
  const born: SQL = sql`(select range_agg(daterange(${r.childBirthDate}, ${r.childBirthDate}, '[]')) from ${r}
     where ${r.tenantId} = ${p.tenantId} and ${r.connectionId} = ${p.connectionId} and ${r.parentId} = ${p.id}
       and not ${r.deleted} and ${r.childBirthDate} is not null)`;
  await db.execute(sql`update ${p} set children_born = ${born}
     where ${p.tenantId} = ${params.tenantId} and ${p.connectionId} = ${params.connectionId}
       and ${p.id} in (${sql.join(
         ids.map((id) => sql`${id}`),
         sql`, `,
       )})
       and ${p.childrenBorn} is distinct from ${born}`);
}
