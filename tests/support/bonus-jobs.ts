import type { EmbedClaims } from '@/lib/auth/embed-token';
import { BONUS_TIMELINE_JOBS } from '@/lib/bonuses/job-names';
import { writeBonusTimeline } from '@/lib/bonuses/timeline';
import { jobRegistry } from '@/lib/jobs';
import { createLogger } from '@/lib/log/logger';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { type CrmAccountFixture, claimsOf } from './crm-push-fixtures';
import type { SyncedPark } from './synced-park';

/**
 * The bonus flows of one synced park, driven by hand: the API's deps with a queue the test holds,
 * the Lime-lane jobs run through their real definitions (a chosen attempt, last or not), and the
 * CRM-lane timeline jobs as what they do — the timeline written with the account's CrmPort.
 */
export interface BonusDriver {
  queued: EnqueueRequest[];
  deps(): ReturnType<SyncedPark['crmDeps']> & { enqueue(job: EnqueueRequest): Promise<string> };
  claims(entity: EmbedClaims['entity'], options?: { admin?: boolean; locale?: 'ru' | 'en' }): EmbedClaims;
  /** Runs one job (as the lane would, this attempt); the jobs it sends are queued. */
  run(job: EnqueueRequest, attempt?: { attempt: number; isLastAttempt: boolean }): Promise<void>;
  /** Runs the queued jobs, and those they send, until none is left. */
  drain(): Promise<number>;
  /** Lime's accrual requests so far, by key. */
  accrualRequests(key?: string): number;
}

const log = createLogger({ level: 'silent' });

export function bonusDriver(park: SyncedPark): BonusDriver {
  const account: CrmAccountFixture = park.account;
  const queued: EnqueueRequest[] = [];
  const enqueue = async (job: EnqueueRequest) => {
    queued.push(job);
    return `job-${queued.length}`;
  };
  const timelineKinds: string[] = Object.values(BONUS_TIMELINE_JOBS);
  const run: BonusDriver['run'] = async (job, attempt = { attempt: 1, isLastAttempt: false }) => {
    if (timelineKinds.includes(job.kind)) {
      for (let more = true; more; ) {
        more = (
          await writeBonusTimeline(
            { database: park.t.database, crm: account.crm },
            { tenantId: account.tenantId },
          )
        ).more;
      }
      return;
    }
    const definition = jobRegistry[job.kind];
    if (!definition) throw new Error(`unknown job ${job.kind}`);
    await definition.run({
      tenantId: job.tenantId,
      payload: definition.payload.parse(job.payload),
      jobId: `test-${job.kind}`,
      signal: new AbortController().signal,
      database: park.t.database,
      log,
      services: { secrets: account.secrets, allowHttpLoopback: true, enqueue },
      ...attempt,
    });
  };
  return {
    queued,
    deps: () => ({ ...park.crmDeps(), enqueue }),
    claims: (entity, options = {}) => ({
      ...claimsOf(account, options.admin ?? false),
      locale: options.locale ?? 'ru',
      entity,
    }),
    run,
    async drain() {
      let ran = 0;
      for (let job = queued.shift(); job; job = queued.shift()) {
        await run(job);
        ran++;
      }
      return ran;
    },
    accrualRequests: (key) =>
      park.lime.requests.filter(
        (r) =>
          /\/BonusAccruals\/Insert$/i.test(r.path) &&
          (key === undefined || r.headers['idempotency-key'] === key),
      ).length,
  };
}
