import type { CrmPipeline, CrmStage, CrmUser } from '@/lib/crm/crm-port';
import type { AmocrmClient } from './api-client';

/**
 * Pipelines with their statuses, and users: what settings offer to choose from (reference/amocrm.md
 * §3.3, §3.5). Every pipeline has the system statuses 142 (won) and 143 (lost); the "unsorted"
 * status (type 1) is where amoCRM puts incoming requests and is not offered as a stage.
 */

const WON = 142;
const LOST = 143;

interface AmoStatus {
  id: number;
  name: string;
  sort: number;
  type?: number;
}
interface AmoPipeline {
  id: number;
  name: string;
  sort: number;
  is_main: boolean;
  is_archive?: boolean;
  _embedded?: { statuses?: AmoStatus[] };
}
interface AmoUser {
  id: number;
  name?: string | null;
  email?: string | null;
  rights?: { is_active?: boolean };
}

const semanticsOf = (status: AmoStatus): CrmStage['semantics'] =>
  status.id === WON ? 'success' : status.id === LOST ? 'failure' : 'process';

export async function listPipelines(client: AmocrmClient): Promise<CrmPipeline[]> {
  const answer = await client.get<{ _embedded?: { pipelines?: AmoPipeline[] } }>('/api/v4/leads/pipelines');
  return (answer?._embedded?.pipelines ?? [])
    .filter((p) => !p.is_archive)
    .sort((a, b) => Number(b.is_main) - Number(a.is_main) || a.sort - b.sort || a.id - b.id)
    .map((p) => ({
      id: String(p.id),
      name: p.name,
      isDefault: p.is_main,
      stages: (p._embedded?.statuses ?? [])
        .filter((s) => s.type !== 1)
        .sort((a, b) => a.sort - b.sort)
        .map((s) => ({ id: String(s.id), name: s.name, semantics: semanticsOf(s), sort: s.sort })),
    }));
}

export async function listUsers(client: AmocrmClient): Promise<CrmUser[]> {
  const users: CrmUser[] = [];
  for (let page = 1; page <= 100; page++) {
    const answer = await client.get<{ _embedded?: { users?: AmoUser[] }; _links?: { next?: unknown } }>(
      '/api/v4/users',
      { page, limit: 250 },
    );
    const items = answer?._embedded?.users ?? [];
    for (const user of items) {
      const active = user.rights?.is_active !== false;
      if (!active) continue;
      users.push({
        id: String(user.id),
        name: user.name || user.email || `#${user.id}`,
        email: user.email || null,
        active,
      });
    }
    if (!answer?._links?.next || items.length < 250) break;
  }
  return users;
}
