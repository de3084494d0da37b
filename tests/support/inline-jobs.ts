import type { Database } from '@/db/client';
import { jobRegistry } from '@/lib/jobs';
import { getLogger } from '@/lib/log/logger';
import type { EnqueueRequest, JobServices } from '@/lib/queue/lanes';

/**
 * Runs the jobs a test's endpoints sent, through the real job definitions, in order, including the
 * jobs they send in turn, until none is left; a test decides when the "worker" runs. Jobs of other
 * tenants (a schedule run sends jobs for every tenant in the database) are not this test's: dropped.
 */
export async function runJobsInline(params: {
  database: Database;
  services: JobServices;
  jobs: EnqueueRequest[];
  ownTenants: Set<string | null | undefined>;
  kinds?: string[];
}): Promise<number> {
  const { jobs } = params;
  const log = getLogger().child({ test: 'inline-jobs' });
  for (let i = jobs.length - 1; i >= 0; i--) if (!params.ownTenants.has(jobs[i]?.tenantId)) jobs.splice(i, 1);
  let ran = 0;
  for (;;) {
    const index = jobs.findIndex((job) => !params.kinds || params.kinds.includes(job.kind));
    if (index < 0) return ran;
    const [job] = jobs.splice(index, 1) as [EnqueueRequest];
    const definition = jobRegistry[job.kind];
    if (!definition) throw new Error(`unknown job ${job.kind}`);
    await definition.run({
      tenantId: job.tenantId,
      payload: definition.payload.parse(job.payload),
      jobId: `inline-${ran}`,
      attempt: 1,
      isLastAttempt: false,
      signal: new AbortController().signal,
      database: params.database,
      log,
      services: params.services,
    });
    ran++;
  }
}
