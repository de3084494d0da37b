import { formatRubles } from '@/lib/domain/money';
import type { Dictionary } from '@/lib/i18n';
import type { LimeRecords } from '@/lib/sandbox/sandbox-lime-records';
import { Card, SectionHeading } from '../_components/card';
import { cn } from '../_components/cn';

type Words = Dictionary['sandboxPage']['lime'];

const STATUS_TONES = {
  new: 'bg-soft-blue text-link',
  confirmed: 'bg-soft-green text-fg',
  paid: 'bg-soft-green text-fg',
  completed: 'bg-surface-3 text-label',
  cancelled: 'bg-surface-3 text-description',
} as const;

/** The simulated Lime's own pre-orders and bonus credits, newest first, in the park's time zone. */
export function LimeRecordsSection({
  records,
  w,
  locale,
}: {
  records: LimeRecords;
  w: Words;
  locale: 'ru' | 'en';
}) {
  const time = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: records.timeZone,
  });
  const origin = (fromCrm: boolean) => (
    <span className={cn('text-xs', fromCrm ? 'text-link' : 'text-description')}>
      {fromCrm ? w.fromCrm : w.inLime}
    </span>
  );
  return (
    <section aria-labelledby="lime-title" data-testid="sandbox-lime">
      <SectionHeading id="lime-title">{w.title}</SectionHeading>
      <Card className="p-5">
        <p className="text-description">{w.intro}</p>
        <div className="mt-4 grid gap-6 lg:grid-cols-2">
          <div>
            <h3 className="text-xs font-semibold tracking-wide text-description uppercase">{w.preorders}</h3>
            {records.preorders.length === 0 && <p className="mt-2 text-description">{w.none}</p>}
            <ul className="mt-1 divide-y divide-divider">
              {records.preorders.map((p) => (
                <li
                  key={p.id}
                  className="py-2"
                  data-testid="lime-preorder"
                  data-number={p.number}
                  data-status={p.status}
                  data-crm-deal={p.crmDeal ? `${p.crmDeal.system}:${p.crmDeal.id}` : ''}
                >
                  <div className="flex flex-wrap items-baseline gap-x-2">
                    <span className="text-fg">№{p.number}</span>
                    <span className={cn('rounded-full px-2 text-xs font-semibold', STATUS_TONES[p.status])}>
                      {w.statuses[p.status]}
                    </span>
                    <span className="text-description">· {p.client ?? '—'}</span>
                    <span className="ml-auto text-fg tabular-nums">{formatRubles(p.total, locale)}</span>
                  </div>
                  <div className="text-sm text-description">
                    {time.format(p.eventTime)} · {p.goods}
                  </div>
                  <div className="flex flex-wrap gap-x-2">
                    {origin(p.fromCrm)}
                    {p.crmDeal && (
                      <span className="text-xs text-description">
                        {w.forDeal(p.crmDeal.system, p.crmDeal.id)}
                      </span>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3 className="text-xs font-semibold tracking-wide text-description uppercase">{w.credits}</h3>
            {records.credits.length === 0 && <p className="mt-2 text-description">{w.none}</p>}
            <ul className="mt-1 divide-y divide-divider">
              {records.credits.map((c) => (
                <li key={c.id} className="py-2" data-testid="lime-credit" data-amount={c.amount}>
                  <div className="flex flex-wrap items-baseline gap-x-2">
                    <span className="text-fg">{w.reasons[c.reason]}</span>
                    <span className="text-description">· {c.client ?? '—'}</span>
                    <span className="ml-auto text-fg tabular-nums">+{formatRubles(c.amount, locale)}</span>
                  </div>
                  <div className="text-sm text-description">
                    {time.format(c.time)}
                    {c.comment ? ` · ${c.comment}` : ''} · {w.balanceAfter}{' '}
                    {formatRubles(c.balanceAfter, locale)}
                  </div>
                  {origin(c.fromCrm)}
                </li>
              ))}
            </ul>
          </div>
        </div>
      </Card>
    </section>
  );
}
