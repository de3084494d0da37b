/**
 * Campaign audience benchmark (npm run bench, on PostgreSQL): a mirror of BENCH_AUDIENCE_ADULTS
 * clients (default 1,000,000) and BENCH_AUDIENCE_CHILDREN children (1,500,000) linked to them, with
 * last visits over 400 days, written straight into the tables. Then, for five days of a year, each
 * campaign's audience selection as the scheduler and the settings screen run it: today's count of a
 * birthday campaign (clients and children, 3 days ahead), its recording into campaign_sends (the
 * day's sweep of today to 3 days ahead; a later pass re-reads today and the newest day), the day's
 * birthday bonuses still to ask for (and the day's sweep of a week back, for missed ones), a
 * win-back campaign's count and recording (30 days without a visit), and two manual lists counted:
 * adults born in June (a range of the birthday index, read alone) and adults with a child aged 3 to 6
 * (the parents counted by their children's birth years, lime_clients_parents_years_idx read alone, and
 * the birth dates tested only for those whose years the range covers in part).
 * Prints the median and the worst of each; the target is under 200 ms per selection (recording
 * writes thousands of rows and is reported, not held to it).
 */
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { listBirthdayCreditsDue } from '@/db/queries/campaign-audience';
import { getCampaign, insertCampaign, setCampaignEnabled } from '@/db/queries/campaigns';
import { BIRTHDAY_BONUS_LATE_DAYS } from '@/lib/domain/birthday-catch-up';
import { addDays, birthdayOccasionParts, birthdaysOn, type CampaignRules } from '@/lib/domain/campaigns';
import { audienceOf } from '@/lib/mailings/audience';
import { type MailingDeps, tenantMailing } from '@/lib/mailings/context';
import { planBirthdays, planWinback } from '@/lib/mailings/plan';
import { seedBulkMirror } from '@/tests/support/bulk-mirror';
import { limeConnectionOf } from '@/tests/support/mailing-fixtures';
import { createTenant, createTestDatabase } from '@/tests/support/test-database';

const ADULTS = Number(process.env.BENCH_AUDIENCE_ADULTS ?? 1_000_000);
const CHILDREN = Number(process.env.BENCH_AUDIENCE_CHILDREN ?? 1_500_000);
const TARGET_MS = 200;
const zone = 'Europe/Moscow';

if (!process.env.DATABASE_URL)
  throw new Error('bench-audience runs on PostgreSQL: bash scripts/with-postgres.sh …');

const t = await createTestDatabase({ max: 4 });
const db = t.database.db;
const tenantId = (await createTenant(t.database)).id;
const connection = { id: await limeConnectionOf(t.database, tenantId) };
const seeded = performance.now();
await seedBulkMirror(t.database, {
  tenantId,
  connectionId: connection.id,
  adults: ADULTS,
  children: CHILDREN,
  goods: 10,
});
// Last visits over 400 days, at every hour, for the adults.
await t.database.query(
  `update lime_clients set last_visit_at = now() - make_interval(hours => (id * 7) % (400 * 24))
    where connection_id = $1 and category = 'adult'`,
  [connection.id],
);
// What autovacuum does to a settled mirror: statistics and the visibility map (index-only scans).
await t.database.exec('vacuum analyze');
console.log(
  `Campaign audiences on PostgreSQL: ${ADULTS.toLocaleString('en')} clients, ${CHILDREN.toLocaleString('en')} children (seeded in ${((performance.now() - seeded) / 1000).toFixed(0)} s)`,
);

const tenant = await tenantMailing(t.database, tenantId);
if (!tenant) throw new Error('no Lime connection');
const campaign = async (kind: 'birthday' | 'winback', rules: Record<string, unknown>) => {
  const row = await insertCampaign(db, {
    tenantId,
    connectionId: connection.id,
    kind,
    name: kind,
    rules,
    delivery: {},
    bonusKopecks: null,
    createdBy: '1',
  });
  if (!row) throw new Error('no campaign');
  return (await setCampaignEnabled(db, { tenantId, id: row.id, enabled: true, at: new Date(0) })) ?? row;
};
const birthday = await campaign('birthday', { daysBefore: 3, who: 'both' });
const winback = await campaign('winback', { daysWithout: 30 });

const timings = new Map<string, number[]>();
const counts = new Map<string, number[]>();
async function measure(name: string, run: () => Promise<number>) {
  const at = performance.now();
  const n = await run();
  timings.set(name, [...(timings.get(name) ?? []), performance.now() - at]);
  counts.set(name, [...(counts.get(name) ?? []), n]);
}

const birthdayRules: CampaignRules = { kind: 'birthday', rules: { daysBefore: 3, who: 'both' } };
const winbackRules: CampaignRules = { kind: 'winback', rules: { daysWithout: 30 } };
const manualByMonth: CampaignRules = {
  kind: 'manual',
  rules: { filter: { category: 'adult', birthMonth: 6 } },
};
const manualRules: CampaignRules = {
  kind: 'manual',
  rules: { filter: { category: 'adult', childAgeFrom: 3, childAgeTo: 6 } },
};
const days = ['2027-01-15', '2027-03-01', '2027-06-15', '2027-09-30', '2027-12-28'];
for (const [i, day] of days.entries()) {
  const now = DateTime.fromISO(`${day}T11:00`, { zone }).toJSDate();
  // Win-back runs on the present, a day later each round: the seeded visits are relative to now.
  const present = new Date(Date.now() + i * 86_400_000);
  const deps: MailingDeps = { database: t.database, enqueue: async () => null, now: () => now };
  const winbackDeps: MailingDeps = { ...deps, now: () => present };
  await measure('birthday: today’s count (clients + children)', async () => {
    const a = await audienceOf(db, tenant, birthdayRules, { now, sample: false });
    return a.people;
  });
  await measure('birthday: record the sends (the day’s sweep: today to 3 days ahead)', () =>
    planBirthdays(deps, tenant, birthday, { daysBefore: 3, who: 'both' }),
  );
  await measure('birthday: record, a later pass of the day (today and 3 days ahead re-read)', async () =>
    planBirthdays(deps, tenant, (await getCampaign(db, { tenantId, id: birthday.id })) ?? birthday, {
      daysBefore: 3,
      who: 'both',
    }),
  );
  const creditsDue = async (birthday: string) => {
    const { monthDays, year } = birthdaysOn(birthday);
    const due = await listBirthdayCreditsDue(db, {
      tenantId,
      connectionId: connection.id,
      monthDays,
      clients: true,
      children: true,
      client: birthdayOccasionParts('client', year),
      child: birthdayOccasionParts('child', year),
    });
    return due.length;
  };
  await measure('birthday bonuses: the day’s credits still to ask for', () => creditsDue(day));
  await measure('birthday bonuses: the day’s sweep (a week back to today, none written)', async () => {
    let n = 0;
    for (let back = BIRTHDAY_BONUS_LATE_DAYS; back >= 0; back--) n += await creditsDue(addDays(day, -back));
    return n;
  });
  await measure('win-back: today’s count (30 days without a visit)', async () => {
    const a = await audienceOf(db, tenant, winbackRules, { now: present, sample: false });
    return a.people;
  });
  await measure('win-back: record the sends (a week’s catch-up, then since the last pass)', async () =>
    planWinback(winbackDeps, tenant, (await getCampaign(db, { tenantId, id: winback.id })) ?? winback, {
      daysWithout: 30,
    }),
  );
  await measure('manual list: count (adults born in June)', async () => {
    const a = await audienceOf(db, tenant, manualByMonth, { now, sample: false });
    return a.people;
  });
  await measure('manual list: count (adults with a child aged 3–6)', async () => {
    const a = await audienceOf(db, tenant, manualRules, { now, sample: false });
    return a.people;
  });
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const over: string[] = [];
for (const [name, values] of timings) {
  const worst = Math.max(...values);
  if (worst >= TARGET_MS && !name.includes('record') && !name.includes('sweep')) over.push(name);
  const people = counts.get(name) ?? [];
  console.log(
    `  ${name}: median ${quantile(values, 0.5).toFixed(1)} ms, worst ${worst.toFixed(1)} ms; rows ${Math.min(...people).toLocaleString('en')}–${Math.max(...people).toLocaleString('en')}`,
  );
}
console.log(
  `  target: a selection under ${TARGET_MS} ms (recording writes thousands of rows, once a day or pass): ${over.length === 0 ? 'met' : `over in ${over.join('; ')}`}`,
);
await t.drop();
