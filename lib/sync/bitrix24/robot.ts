import { z } from 'zod';
import { dedupeKeyOf, insertInbox } from '@/db/queries/inbox';
import { parseForm, robotCallSchema } from '@/lib/crm/bitrix24/inbound';
import { InvalidRequestError } from '@/lib/http/errors';
import type { Bitrix24Deps } from './deps';
import { authenticPortal } from './events';
import { ROBOT_CREDIT_JOB, ROBOT_INBOX_KIND } from './job-names';

/**
 * POST /api/bitrix24/robot: a workflow reached the bonus robot or workflow action
 * (docs/bitrix24-robot.md). Authenticated like every event — the application token of the portal's
 * verified install, compared in constant time — then stored in the inbox and answered; a job credits
 * the document's contact and answers the workflow. The run is identified by its event token, so the
 * same POST sent again while the first waits is one row (and, later, the same credit key).
 */

/** What the inbox keeps of a run: never the POST's access token (jobs use the install's tokens). */
export const storedRobotRunSchema = z.object({
  workflowId: z.string(),
  code: z.string(),
  documentId: z.tuple([z.string(), z.string(), z.string()]),
  eventToken: z.string(),
  properties: z.record(z.string(), z.unknown()),
  useSubscription: z.enum(['Y', 'N']),
  userId: z.string().nullable(),
});
export type StoredRobotRun = z.output<typeof storedRobotRunSchema>;

export async function receiveRobotCall(deps: Bitrix24Deps, rawBody: string): Promise<'queued' | 'duplicate'> {
  const parsed = robotCallSchema.safeParse(parseForm(rawBody));
  if (!parsed.success) {
    throw new InvalidRequestError(
      'Not a Bitrix24 robot call: workflow_id, code, document_id, event_token and auth[…] are required',
    );
  }
  const call = parsed.data;
  const tenant = await authenticPortal(
    deps,
    call.auth,
    'This robot call is not from a portal where the app is installed',
  );
  const run: StoredRobotRun = {
    workflowId: call.workflow_id,
    code: call.code,
    documentId: call.document_id as [string, string, string],
    eventToken: call.event_token,
    properties: call.properties,
    useSubscription: call.use_subscription,
    userId: call.auth.user_id === undefined ? null : String(call.auth.user_id),
  };
  const stored = await insertInbox(deps.database.db, {
    tenantId: tenant.id,
    source: 'bitrix24',
    kind: ROBOT_INBOX_KIND,
    dedupeKey: dedupeKeyOf(call.event_token),
    payload: run,
  });
  if (!stored.inserted) return 'duplicate';
  await deps.enqueue({ kind: ROBOT_CREDIT_JOB, tenantId: tenant.id, payload: {} });
  return 'queued';
}
