import { DateTime } from 'luxon';
import type { Db } from '@/db/client';
import { listBirthdayCreditsDue } from '@/db/queries/campaign-audience';
import { requestCredit } from '@/lib/bonuses/credit-service';
import { birthdaysToRead, bonusSpan } from '@/lib/domain/birthday-catch-up';
import { addDays, birthdayOccasionParts, birthdaysOn } from '@/lib/domain/campaigns';
import { localDay } from '@/lib/domain/mailing-window';
import { getSetting, setSetting } from '@/lib/settings/settings';
import type { MailingDeps, TenantMailing } from './context';

/**
 * Automatic birthday bonuses (setting `birthdayBonus`): from the chosen local hour of the day
 * `daysBefore` days before a birthday, each client gets `clientKopecks` for their own birthday, and
 * each child's first parent `childKopecks` for the child's. Keys `birthday:client:<id>:<year>` and
 * `birthday:child:<id>:<year>` (lib/domain/bonus-keys.ts; the year is the birthday's): written once,
 * sent to Lime by the bonus jobs, in the timeline and the journal as every credit is.
 *
 * Missed ones are caught up: a bonus is still welcome up to BIRTHDAY_BONUS_LATE_DAYS after the
 * birthday (the app was down, or the client reached the mirror late), but never for a birthday whose
 * day of crediting came before the rule was switched on (setting `birthdayBonusCatchUp`: the first
 * birthday served, and the day the span was last swept; cleared when the rule is off). The span is
 * swept once a venue day; other passes re-read today's birthdays and the newest day. Only the credits
 * not yet written are read.
 */
export async function creditBirthdayBonuses(deps: MailingDeps, tenant: TenantMailing): Promise<number> {
  const db = deps.database.db;
  const { tenantId } = tenant;
  const on = await birthdayBonusRule(db, tenantId);
  if (!on) return 0;
  const { rule, catchUp } = on;
  const now = deps.now();
  const today = localDay(now, tenant.zone).day;
  const since = catchUp?.since ?? addDays(today, rule.daysBefore);
  const span = bonusSpan({
    today,
    since,
    daysBefore: rule.daysBefore,
    hourReached: DateTime.fromJSDate(now, { zone: tenant.zone }).hour >= rule.hour,
  });
  const sweep = !catchUp || catchUp.sweptDay < today;
  let asked = 0;
  for (const birthday of birthdaysToRead(span, { today, sweep })) {
    const { monthDays, year } = birthdaysOn(birthday);
    const due = await listBirthdayCreditsDue(db, {
      tenantId,
      connectionId: tenant.connection.id,
      monthDays,
      clients: rule.clientKopecks > 0,
      children: rule.childKopecks > 0,
      client: birthdayOccasionParts('client', year),
      child: birthdayOccasionParts('child', year),
    });
    for (const credit of due) {
      const { already } = await requestCredit(deps, {
        tenantId,
        key: credit.key,
        connectionId: tenant.connection.id,
        clientId: credit.clientId,
        relatedClientId: credit.childId,
        amountKopecks: credit.childId === null ? rule.clientKopecks : rule.childKopecks,
        reason: credit.childId === null ? 'birthday' : 'child_birthday',
        requestedBy: null,
      });
      if (!already) asked++;
    }
  }
  if (sweep)
    await setSetting(db, { tenantId, key: 'birthdayBonusCatchUp', value: { since, sweptDay: today } });
  return asked;
}

/**
 * The birthday bonus rule and its catch-up mark when it credits anything; when it is off, the mark is
 * dropped (so switching it on later does not catch up the weeks between) and null is returned. Run
 * by every pass, with a Lime connection or not.
 */
export async function birthdayBonusRule(db: Db, tenantId: string) {
  const rule = await getSetting(db, { tenantId, key: 'birthdayBonus' });
  const catchUp = await getSetting(db, { tenantId, key: 'birthdayBonusCatchUp' });
  if (rule.enabled && (rule.clientKopecks > 0 || rule.childKopecks > 0)) return { rule, catchUp };
  if (catchUp) await setSetting(db, { tenantId, key: 'birthdayBonusCatchUp', value: null });
  return null;
}
