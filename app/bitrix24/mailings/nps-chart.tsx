import { mailingWords } from '@/lib/i18n/mailing-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import type { NpsChart as NpsChartData } from '@/lib/mailings/nps-chart';

type Point = { day: string; score: number; answers: number };
export type NpsView = Pick<NpsChartData, 'promoters' | 'passives' | 'detractors' | 'nps'> & {
  points: Point[];
};

/**
 * The days' NPS summed into weeks (Monday first): a week's NPS is its days' NPS weighted by their
 * answers — (promoters − detractors) / answers over the week, up to the days' rounding.
 */
export function weeklyPoints(points: Point[]): Point[] {
  const weeks = new Map<string, { weighted: number; answers: number }>();
  for (const p of points) {
    const at = new Date(`${p.day}T00:00:00Z`);
    at.setUTCDate(at.getUTCDate() - ((at.getUTCDay() + 6) % 7));
    const monday = at.toISOString().slice(0, 10);
    const week = weeks.get(monday) ?? { weighted: 0, answers: 0 };
    week.weighted += p.score * p.answers;
    week.answers += p.answers;
    weeks.set(monday, week);
  }
  return [...weeks]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, w]) => ({ day, score: Math.round(w.weighted / w.answers), answers: w.answers }));
}

const W = 640;
const H = 180;
const PAD = { top: 22, bottom: 24, left: 8, right: 8 };

function dayLabel(day: string, locale: Locale): string {
  const [, month, date] = day.split('-');
  return locale === 'ru' ? `${date}.${month}` : `${month}/${date}`;
}

/** A bar per week from the zero line (NPS runs from −100 to 100), its NPS by it and the week's Monday below. */
function ScoreBars({ points, locale }: { points: Point[]; locale: Locale }) {
  const y = (nps: number) => PAD.top + ((100 - nps) / 200) * (H - PAD.top - PAD.bottom);
  const slot = (W - PAD.left - PAD.right) / points.length;
  const bar = Math.min(48, slot * 0.6);
  const zero = y(0);
  const every = Math.ceil(points.length / 8);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="block h-auto w-full max-w-2xl"
      role="img"
      aria-label={mailingWords[locale].nps.weekly}
      data-testid="nps-bars"
    >
      <line x1={PAD.left} x2={W - PAD.right} y1={zero} y2={zero} stroke="var(--b24-divider-accent)" />
      {points.map((p, i) => {
        const x = PAD.left + slot * i + (slot - bar) / 2;
        const top = Math.min(y(p.score), zero);
        const height = Math.max(1, Math.abs(y(p.score) - zero));
        const fill =
          p.score >= 50 ? 'var(--b24-success)' : p.score < 0 ? 'var(--b24-danger)' : 'var(--b24-primary)';
        return (
          <g key={p.day} data-testid="nps-bar" data-score={p.score}>
            <title>{`${dayLabel(p.day, locale)}: ${p.score} · ${mailingWords[locale].nps.answers(p.answers)}`}</title>
            <rect x={x} y={top} width={bar} height={height} rx={3} fill={fill} />
            <text
              x={x + bar / 2}
              y={p.score >= 0 ? top - 5 : top + height + 13}
              textAnchor="middle"
              fontSize="12"
              fill="var(--b24-label)"
            >
              {p.score}
            </text>
            {i % every === 0 && (
              <text x={x + bar / 2} y={H - 6} textAnchor="middle" fontSize="11" fill="var(--b24-description)">
                {dayLabel(p.day, locale)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

const GROUPS = [
  { key: 'promoters', color: 'var(--b24-success)' },
  { key: 'passives', color: 'var(--b24-warning)' },
  { key: 'detractors', color: 'var(--b24-danger)' },
] as const;

/** Promoters, passives and detractors as one stacked bar, with a legend of counts and shares. */
function GroupsBar({ view, locale }: { view: NpsView; locale: Locale }) {
  const t = mailingWords[locale].nps;
  const total = view.promoters + view.passives + view.detractors;
  let offset = 0;
  return (
    <div className="space-y-2" data-testid="nps-groups">
      <svg viewBox="0 0 100 6" preserveAspectRatio="none" className="h-4 w-full" aria-hidden="true">
        {GROUPS.map(({ key, color }) => {
          const width = (view[key] / total) * 100;
          const x = offset;
          offset += width;
          return width > 0 ? <rect key={key} x={x} y={0} width={width} height={6} fill={color} /> : null;
        })}
      </svg>
      <ul className="flex flex-wrap gap-x-5 gap-y-1 text-sm text-label">
        {GROUPS.map(({ key, color }) => (
          <li key={key} className="flex items-center gap-2" data-testid={`nps-${key}`} data-count={view[key]}>
            <span className="inline-block size-3 rounded-full" style={{ background: color }} />
            {t.groups[key]}: {t.share(view[key], Math.round((view[key] / total) * 100))}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The NPS over time and the groups, or the empty state when nobody has answered yet. */
export function NpsChart({ view, locale }: { view: NpsView; locale: Locale }) {
  const t = mailingWords[locale].nps;
  const total = view.promoters + view.passives + view.detractors;
  if (total === 0)
    return (
      <p
        className="rounded-lg bg-surface-2 px-4 py-6 text-center text-sm text-description"
        data-testid="nps-empty"
      >
        {t.empty}
      </p>
    );
  return (
    <div className="space-y-4" data-testid="nps-chart">
      <p className="flex flex-wrap items-baseline gap-3">
        <span className="text-5xl font-light text-fg" data-testid="nps-score">
          {view.nps ?? '—'}
        </span>
        <span className="text-sm text-description">
          {t.score} · {t.answers(total)}
        </span>
      </p>
      {view.points.length > 0 && (
        <div>
          <p className="mb-1 text-sm text-label">{t.weekly}</p>
          <ScoreBars points={weeklyPoints(view.points)} locale={locale} />
        </div>
      )}
      <GroupsBar view={view} locale={locale} />
    </div>
  );
}
