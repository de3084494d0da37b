'use client';

import { mailingWords } from '@/lib/i18n/mailing-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import type { SendView } from '@/lib/mailings/campaign-api';
import type { CampaignView } from './campaign-draft';

type Status = keyof (typeof mailingWords)['ru']['sends']['statuses'];

/** Status badges in the host's look (20 px pill, 12 px bold). */
const BADGE: Record<Status, string> = {
  queued: 'bg-soft-blue text-link',
  sent: 'bg-success text-white',
  failed: 'bg-danger text-white',
  skipped: 'bg-surface-3 text-label',
};

const when = (at: string, locale: Locale) =>
  new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(at));

/** The latest sends: who, which campaign, sent or waiting (until when) or why not, in the engine's words. */
export function RecentSends({
  locale,
  sends,
  campaigns,
}: {
  locale: Locale;
  sends: SendView[];
  campaigns: CampaignView[];
}) {
  const t = mailingWords[locale].sends;
  const names = new Map(campaigns.map((c) => [c.id, c.name]));
  return (
    <div className="space-y-2" data-testid="recent-sends">
      <h4 className="text-lg text-fg">{t.title}</h4>
      {sends.length === 0 ? (
        <p className="text-sm text-description">{t.none}</p>
      ) : (
        <ul className="divide-y divide-divider text-sm">
          {sends.map((s) => {
            const status = (s.status in BADGE ? s.status : 'queued') as Status;
            return (
              <li
                key={s.id}
                className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2"
                data-status={status}
              >
                <span className="min-w-0 flex-1 basis-48 break-words text-fg">
                  {s.name ?? t.someone(s.clientId)}
                  <span className="ml-2 text-xs text-description">{names.get(s.campaignId)}</span>
                </span>
                <span className="text-xs text-description">
                  {s.sentAt ? when(s.sentAt, locale) : `${t.due} ${when(s.dueAt, locale)}`}
                </span>
                <span className={`rounded-full px-2 text-xs font-bold leading-5 ${BADGE[status]}`}>
                  {t.statuses[status]}
                </span>
                {s.error && <span className="w-full break-words text-xs text-danger">{s.error}</span>}
                {s.status === 'sent' && (s.check === 'not_confirmed' || s.check === 'unknown') && (
                  <span className="w-full break-words text-xs text-warning" data-check={s.check}>
                    {t.checks[s.check]}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
