import type { ReactNode } from 'react';
import type { HomeStatus } from '@/lib/home-status';
import { type Dictionary, TENANT_KINDS } from '@/lib/i18n';
import { Card, SectionHeading } from './card';
import { StatusPill } from './status-pill';

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 border-t border-divider py-2.5">
      <dt className="text-label">{term}</dt>
      <dd className="ml-auto min-w-0 text-fg">{children}</dd>
    </div>
  );
}

/** "Connected now": connection counts per kind, then how this server is set up. */
export function StatusPanel({ t, status }: { t: Dictionary; status: HomeStatus }) {
  const s = t.status;
  const keys = (configured: boolean) => (
    <StatusPill tone={configured ? 'positive' : 'neutral'}>
      {configured ? s.configured : s.notConfigured}
    </StatusPill>
  );
  return (
    <section aria-labelledby="status-title">
      <SectionHeading id="status-title">{s.title}</SectionHeading>
      <Card>
        <div className="p-5 sm:p-6">
          <h3 className="text-xl font-medium text-fg">{s.connections}</h3>
          <dl className="mt-4 grid gap-3 sm:grid-cols-3">
            {TENANT_KINDS.map((kind) => (
              <div
                key={kind}
                className="grid grid-cols-[1fr_auto] items-center gap-x-3 rounded-sm bg-surface-3 px-4 py-3 sm:block"
              >
                <dt className="text-sm font-medium text-label">{s.counts[kind].label}</dt>
                <dd
                  className="col-start-2 row-span-2 row-start-1 text-4xl font-light text-fg sm:mt-1 sm:text-5xl"
                  data-testid={`count-${kind}`}
                >
                  {status.tenants[kind]}
                </dd>
                <dd className="text-xs text-description">{s.counts[kind].hint}</dd>
              </div>
            ))}
          </dl>
          {status.needsReinstall > 0 && (
            <p className="mt-3" data-testid="needs-reinstall">
              <StatusPill tone="warning">{`${s.needsReinstall}: ${status.needsReinstall}`}</StatusPill>
            </p>
          )}
        </div>
        <div className="border-t border-divider p-5 sm:p-6">
          <h3 className="text-xl font-medium text-fg">{s.environment}</h3>
          <dl className="mt-3 grid gap-x-10 lg:grid-cols-2">
            <Row term={s.database}>
              <span data-testid="status-database">{s.databaseValues[status.database]}</span>
            </Row>
            <Row term={s.worker}>{s.workerValues[status.worker]}</Row>
            <Row term={s.bitrix24Credentials}>{keys(status.bitrix24Configured)}</Row>
            <Row term={s.amocrmCredentials}>{keys(status.amocrmConfigured)}</Row>
            <Row term={s.sandbox}>
              <StatusPill tone={status.sandbox ? 'positive' : 'neutral'}>
                {status.sandbox ? s.on : s.off}
              </StatusPill>
            </Row>
            <Row term={s.appUrl}>
              <code className="font-mono text-sm break-all text-fg">{status.appUrl}</code>
            </Row>
          </dl>
        </div>
      </Card>
    </section>
  );
}
