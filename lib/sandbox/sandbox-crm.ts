import { ConflictError } from '@/lib/http/errors';
import { getSandbox } from './sandbox';

/**
 * Something a manager does in the sandbox's Bitrix24 portal, for seeing the sync journal at work:
 * deleting a deal stage (an empty one: the portal refuses otherwise). If the settings send purchases
 * there, the next purchase is refused by the portal, shows in the journal, and a retry succeeds once
 * another stage is chosen.
 */
export async function sandboxDeleteDealStage(stageId: string): Promise<void> {
  const sandbox = await getSandbox();
  if (!sandbox) return;
  try {
    sandbox.bitrix24.sim.controls.deleteDealStage(stageId);
  } catch (error) {
    throw new ConflictError((error as Error).message);
  }
}
