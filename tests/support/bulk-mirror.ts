import type { Database } from '@/db/client';
import { childrenYearsOf } from '@/db/queries/lime-children-born';

/**
 * A large park written straight into the mirror (what the feed would have filled), for the import's
 * benchmark and kill test: `adults` clients with phones and e-mails, `children` linked to them in
 * turn (so 10,000 adults with 15,000 children gives half the adults one child and half two), the
 * children's birth dates on relations and parents as the mirror keeps them, and `goods` goods. Ids start at
 * `firstId`; the phones are 7998<7 digits of the id>.
 */
export async function seedBulkMirror(
  database: Database,
  params: {
    tenantId: string;
    connectionId: string;
    adults: number;
    children: number;
    goods: number;
    /** Purchases of the last days, one a client in turn, each of one ticket. */
    purchases?: number;
    firstId?: number;
  },
): Promise<{ adultIds: number[] }> {
  const first = params.firstId ?? 100_000;
  const lastAdult = first + params.adults - 1;
  const args = [params.connectionId, params.tenantId];
  await database.query(
    `INSERT INTO lime_goods (connection_id, id, tenant_id, name, price_kopecks, kind, active)
     SELECT $1, g, $2, 'Билет ' || g, 50000 + g * 100, 'ticket', true FROM generate_series(1, ${params.goods}) g`,
    args,
  );
  await database.query(
    `INSERT INTO lime_clients (connection_id, id, tenant_id, first_name, last_name, display_name, phone, email,
       birth_date, birth_month_day, category, version, lime_updated_at)
     SELECT $1, g, $2, 'Клиент', 'Номер ' || g, 'Клиент ' || g, '7998' || lpad(g::text, 7, '0'),
       'client' || g || '@example.ru', date '1980-01-01' + (g % 7000), to_char(date '1980-01-01' + (g % 7000), 'MM-DD'),
       'adult', 1, now()
     FROM generate_series(${first}, ${lastAdult}) g`,
    args,
  );
  const firstChild = lastAdult + 1;
  const childBorn = `date '2015-01-01' + (g % 3000)`;
  await database.query(
    `INSERT INTO lime_clients (connection_id, id, tenant_id, first_name, last_name, display_name, birth_date,
       birth_month_day, category, version, lime_updated_at)
     SELECT $1, g, $2, 'Ребёнок', 'Номер ' || g, 'Ребёнок ' || g, ${childBorn},
       to_char(${childBorn}, 'MM-DD'), 'child', 1, now()
     FROM generate_series(${firstChild}, ${firstChild + params.children - 1}) g`,
    args,
  );
  await database.query(
    `INSERT INTO lime_relations (connection_id, relation_id, tenant_id, parent_id, child_id, relation_type_id,
       relation_type_name, child_birth_date)
     SELECT $1, g, $2, ${first} + ((g - ${firstChild}) % ${params.adults}), g, 1, 'Ребёнок',
       ${childBorn}
     FROM generate_series(${firstChild}, ${firstChild + params.children - 1}) g`,
    args,
  );
  await database.query(
    `UPDATE lime_clients p SET children_born = s.born, children_years = s.years
       FROM (SELECT parent_id, range_agg(daterange(child_birth_date, child_birth_date, '[]')) born,
                    ${childrenYearsOf('child_birth_date')} years
               FROM lime_relations WHERE connection_id = $1 GROUP BY parent_id) s
      WHERE p.connection_id = $1 AND p.id = s.parent_id`,
    [params.connectionId],
  );
  if (params.purchases)
    await database.query(
      `INSERT INTO lime_transactions (connection_id, id, tenant_id, client_id, type, occurred_at, total_kopecks,
         check_id, lines)
       SELECT $1, g, $2, ${first} + (g % ${params.adults}), 'purchase', now() - make_interval(mins => g), 50100,
         g, jsonb_build_array(jsonb_build_object('goodId', 1, 'name', 'Билет 1', 'quantity', 1, 'price', 50100,
         'total', 50100))
       FROM generate_series(1, ${params.purchases}) g`,
      args,
    );
  return { adultIds: Array.from({ length: params.adults }, (_, i) => first + i) };
}
