import { notFound } from 'next/navigation';
import { formatRubles } from '@/lib/domain/money';
import { getSandboxView } from '@/lib/sandbox/sandbox-view';
import { Card, SectionHeading } from '../_components/card';
import { SiteShell } from '../_components/site-shell';
import { getRequestDictionary } from '../_lib/request-locale';
import { AutoRefresh } from './auto-refresh';
import { LimeRecordsSection } from './lime-records';

/** The sandbox: the simulated park's data as it flows into the mirror. */
export default async function SandboxPage() {
  const [{ t, locale }, view] = await Promise.all([getRequestDictionary(), getSandboxView()]);
  if (!view) notFound();
  const p = t.sandboxPage;
  const time = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Moscow',
  });
  const counts = [
    [p.counts.goods, view.counts.goods],
    [p.counts.clients, view.counts.clients],
    [p.counts.transactions, view.counts.transactions],
    [p.counts.events, view.counts.events],
    [p.parkEvents, view.parkEvents],
  ] as const;
  return (
    <SiteShell t={t} current="sandbox">
      <AutoRefresh everyMs={3000} />
      <div className="space-y-6">
        <Card className="p-5 sm:p-6">
          <h1 className="text-4xl font-light text-fg">{p.title}</h1>
          <p className="mt-2 max-w-3xl text-label">{p.intro}</p>
          <dl className="mt-5 grid grid-cols-2 gap-3 sm:grid-cols-5" data-testid="sandbox-counts">
            {counts.map(([label, value]) => (
              <div key={label} className="rounded-md bg-surface-3 px-4 py-3">
                <dt className="text-sm text-description">{label}</dt>
                <dd className="mt-1 text-3xl font-light text-fg">
                  {value.toLocaleString(locale === 'ru' ? 'ru-RU' : 'en-US')}
                </dd>
              </div>
            ))}
          </dl>
        </Card>
        <section aria-labelledby="actions-title">
          <SectionHeading id="actions-title">{p.actions.title}</SectionHeading>
          <form method="post" action="/api/sandbox/lime" className="flex flex-wrap gap-2">
            {(['buy', 'pass', 'edit'] as const).map((action) => (
              <button
                key={action}
                type="submit"
                name="action"
                value={action}
                className="h-[34px] rounded-md bg-soft-blue px-4 text-link hover:brightness-95"
              >
                {p.actions[action]}
              </button>
            ))}
          </form>
        </section>
        <section aria-labelledby="bitrix24-title">
          <SectionHeading id="bitrix24-title">{p.bitrix24.title}</SectionHeading>
          <Card className="p-5">
            <p className="text-description">{p.bitrix24.intro}</p>
            <p className="mt-3">
              <a className="text-link underline" href={view.bitrix24.appPageUrl} data-testid="b24-app-link">
                {p.bitrix24.settings}
              </a>
            </p>
            <CardLinks
              title={p.bitrix24.contacts}
              testId="b24-contact-link"
              items={view.bitrix24.contacts.map((c) => ({
                ...c,
                data: { 'data-lime-client-id': c.limeClientId },
              }))}
            />
            <CardLinks title={p.bitrix24.deals} testId="b24-deal-link" items={view.bitrix24.deals} />
          </Card>
        </section>
        <section aria-labelledby="amocrm-title">
          <SectionHeading id="amocrm-title">{p.amocrm.title}</SectionHeading>
          <Card className="p-5">
            <p className="text-description">{p.amocrm.intro}</p>
            <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1">
              <a
                className="text-link underline"
                href={view.amocrm.contactsListUrl}
                data-testid="amo-contacts-list-link"
              >
                {p.amocrm.contactsList}
              </a>
              <a
                className="text-link underline"
                href={view.amocrm.leadsListUrl}
                data-testid="amo-leads-list-link"
              >
                {p.amocrm.leadsList}
              </a>
              <a
                className="text-link underline"
                href={view.amocrm.settingsUrl}
                data-testid="amo-settings-link"
              >
                {p.amocrm.settings}
              </a>
            </p>
            <CardLinks title={p.amocrm.contacts} testId="amo-contact-link" items={view.amocrm.contacts} />
            <CardLinks title={p.amocrm.leads} testId="amo-lead-link" items={view.amocrm.leads} />
          </Card>
        </section>
        <LimeRecordsSection records={view.lime} w={p.lime} locale={locale} />
        <section aria-labelledby="recent-title">
          <SectionHeading id="recent-title">{p.recent}</SectionHeading>
          <Card className="overflow-hidden">
            {view.transactions.length === 0 ? (
              <p className="p-5 text-description">{p.empty}</p>
            ) : (
              <ul className="divide-y divide-divider" data-testid="sandbox-transactions">
                {view.transactions.map((tx) => (
                  <li
                    key={tx.id}
                    className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-5 py-3"
                  >
                    <span className="min-w-0 flex-1">
                      <span className="text-fg">{p.kinds[tx.type as keyof typeof p.kinds] ?? tx.type}</span>
                      <span className="text-description"> · {tx.client ?? '—'}</span>
                    </span>
                    <span className="text-sm text-description">
                      {time.format(tx.occurredAt)}
                      {tx.lines > 0 ? ` · ${p.columns.lines}: ${tx.lines}` : ''}
                    </span>
                    <span className="w-24 text-right text-fg tabular-nums">
                      {formatRubles(tx.total, locale)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </section>
      </div>
    </SiteShell>
  );
}

/** A titled row of links to the simulated CRM's cards. */
function CardLinks({
  title,
  testId,
  items,
}: {
  title: string;
  testId: string;
  items: { id: number; name: string; cardUrl: string; data?: Record<string, string | number> }[];
}) {
  return (
    <div className="mt-3">
      <h3 className="text-sm text-description">{title}</h3>
      <ul className="mt-1 flex flex-wrap gap-2">
        {items.map((item) => (
          <li key={item.id}>
            <a
              className="inline-block rounded-md bg-soft-blue px-3 py-1.5 text-sm text-link hover:brightness-95"
              href={item.cardUrl}
              data-testid={testId}
              {...item.data}
            >
              {item.name}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
