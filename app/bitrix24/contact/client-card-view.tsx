import { formatRubles, kopecks } from '@/lib/domain/money';
import { getDictionary, type Locale } from '@/lib/i18n';
import type { ClientCard } from '@/lib/sync/client-card';

/** The card's content, laid out like a Bitrix24 entity tab: white blocks on the grey page. */

function ageOn(birthDate: string, today = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age--;
  return age;
}

function Block({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className="rounded-lg bg-surface p-4" data-testid={testId}>
      <h2 className="text-xs font-semibold uppercase tracking-wide text-description">{title}</h2>
      <div className="mt-2">{children}</div>
    </section>
  );
}

export function ClientCardView({ card, locale }: { card: ClientCard; locale: Locale }) {
  const t = getDictionary(locale).limeCard;
  const client = card.client;
  const intl = locale === 'ru' ? 'ru-RU' : 'en-GB';
  const date = (iso: string) => new Intl.DateTimeFormat(intl, { dateStyle: 'medium' }).format(new Date(iso));
  const dateTime = (iso: string) =>
    new Intl.DateTimeFormat(intl, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
  const money = (value: number) => formatRubles(kopecks(value), locale);
  if (!client) {
    return (
      <section className="rounded-lg bg-surface p-4" data-testid="lime-no-client">
        <h1 className="text-xl text-fg">{t.noClientTitle}</h1>
        <p className="mt-1 text-sm text-description">{t.noClientText}</p>
      </section>
    );
  }
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <section className="rounded-lg bg-surface p-4 md:col-span-2">
        <h1 className="text-3xl font-light text-fg" data-testid="lime-client-name">
          {client.name}
        </h1>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          {[
            [t.phone, client.phone ? `+${client.phone}` : '—'],
            [t.email, client.email ?? '—'],
            [t.birthDate, client.birthDate ? date(client.birthDate) : '—'],
            [t.cards, client.cards.length ? client.cards.join(', ') : '—'],
            [t.lastVisit, client.lastVisitAt ? dateTime(client.lastVisitAt) : t.never],
          ].map(([term, value]) => (
            <div
              key={term}
              className="flex justify-between gap-3 border-b border-divider py-1 sm:block sm:border-0"
            >
              <dt className="text-description">{term}</dt>
              <dd className="break-words text-fg">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <Block title={t.children} testId="lime-children">
        {client.children.length === 0 ? (
          <p className="text-sm text-description">{t.noChildren}</p>
        ) : (
          <ul className="divide-y divide-divider text-sm">
            {client.children.map((child) => (
              <li key={child.id} className="flex items-baseline justify-between gap-3 py-1.5">
                <span className="text-fg">{child.name}</span>
                <span className="whitespace-nowrap text-description">
                  {child.birthDate ? `${date(child.birthDate)} · ${t.years(ageOn(child.birthDate))}` : '—'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Block>
      <Block title={t.balances} testId="lime-balances">
        {client.balances ? (
          <dl className="grid grid-cols-2 gap-3">
            <div className="rounded-sm bg-surface-3 px-3 py-2">
              <dt className="text-xs text-description">{t.deposit}</dt>
              <dd className="text-2xl font-light text-fg">{money(client.balances.deposit)}</dd>
            </div>
            <div className="rounded-sm bg-surface-3 px-3 py-2">
              <dt className="text-xs text-description">{t.bonus}</dt>
              <dd className="text-2xl font-light text-fg">{money(client.balances.bonus)}</dd>
              {client.balances.bonusExpiresAt && (
                <dd className="text-xs text-description">
                  {t.bonusUntil} {date(client.balances.bonusExpiresAt)}
                </dd>
              )}
            </div>
          </dl>
        ) : (
          <p className="text-sm text-description">{t.noBalances}</p>
        )}
      </Block>
      <section className="rounded-lg bg-surface p-4 md:col-span-2" data-testid="lime-transactions">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-description">{t.transactions}</h2>
        {client.transactions.length === 0 ? (
          <p className="mt-2 text-sm text-description">{t.noTransactions}</p>
        ) : (
          <ul className="mt-2 divide-y divide-divider text-sm">
            {client.transactions.map((tx) => (
              <li key={tx.id} className="grid grid-cols-[1fr_auto] gap-x-3 py-2">
                <span className="text-fg">
                  {t.kinds[tx.type]}
                  <span className="ml-2 text-description">{dateTime(tx.occurredAt)}</span>
                </span>
                <span className="text-right font-medium text-fg">{money(tx.total)}</span>
                <span className="col-span-2 break-words text-xs text-description">
                  {tx.lines.length > 0
                    ? tx.lines.map((line) => `${line.name} × ${line.quantity}`).join(', ')
                    : (tx.servicePoint ?? '')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
