import type { CrmPipeline, CrmStage, CrmUser } from '@/lib/crm/crm-port';
import { assertBatchOk, type BatchCommands, type Bitrix24Rest, batchAll } from './rest';

/**
 * Pipelines with their stages, and users: what settings offer to choose from. Stage ids are opaque
 * (`C7:NEW`, possibly cut to 20 characters); `isDefault` comes as "Y"/"N" (reference "Sharpened…").
 */

interface B24Category {
  id: number;
  name: string;
  sort: number;
  isDefault: 'Y' | 'N' | boolean;
}
interface B24Status {
  STATUS_ID: string;
  NAME: string;
  SORT: number | string;
  EXTRA?: { SEMANTICS?: string };
}
interface B24User {
  ID: string;
  NAME?: string;
  LAST_NAME?: string;
  EMAIL?: string;
  ACTIVE?: boolean | string;
}

const semanticsOf = (status: B24Status): CrmStage['semantics'] =>
  status.EXTRA?.SEMANTICS === 'success'
    ? 'success'
    : status.EXTRA?.SEMANTICS === 'failure'
      ? 'failure'
      : 'process';

export async function listPipelines(rest: Bitrix24Rest): Promise<CrmPipeline[]> {
  const { categories } = await rest.call<{ categories: B24Category[] }>('crm.category.list', {
    entityTypeId: 2,
  });
  const commands: BatchCommands = {};
  for (const category of categories) {
    const isDefault = category.isDefault === 'Y' || category.isDefault === true;
    commands[`s${category.id}`] = [
      'crm.status.list',
      {
        filter: { ENTITY_ID: isDefault ? 'DEAL_STAGE' : `DEAL_STAGE_${category.id}` },
        order: { SORT: 'ASC' },
      },
    ];
  }
  const stages = await batchAll<B24Status[]>(rest, commands);
  assertBatchOk(stages, 'crm.status.list');
  return categories
    .map((category) => ({
      id: String(category.id),
      name: category.name,
      isDefault: category.isDefault === 'Y' || category.isDefault === true,
      stages: (stages.results[`s${category.id}`] ?? []).map((status) => ({
        id: status.STATUS_ID,
        name: status.NAME,
        semantics: semanticsOf(status),
        sort: Number(status.SORT),
      })),
    }))
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || Number(a.id) - Number(b.id));
}

export async function listUsers(rest: Bitrix24Rest): Promise<CrmUser[]> {
  const users: CrmUser[] = [];
  for (let start = 0; ; start += 50) {
    const page = await rest.call<B24User[]>('user.get', { FILTER: { ACTIVE: true }, start });
    for (const user of page) {
      users.push({
        id: String(user.ID),
        name: [user.NAME, user.LAST_NAME].filter(Boolean).join(' ') || (user.EMAIL ?? `#${user.ID}`),
        email: user.EMAIL || null,
        active: user.ACTIVE === true || user.ACTIVE === 'Y' || user.ACTIVE === undefined,
      });
    }
    if (page.length < 50) return users;
  }
}
