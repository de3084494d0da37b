import { DateTime } from 'luxon';
import type { Db } from '@/db/client';
import { countAudience, sampleAudience } from '@/db/queries/bonus-audience';
import {
  type BirthdayAudience,
  countBirthdayAudience,
  countWinbackAudience,
  sampleBirthdayAudience,
  sampleWinbackAudience,
  type WinbackAudience,
} from '@/db/queries/campaign-audience';
import { countCampaignSendsDue } from '@/db/queries/campaign-sends';
import { audienceQuery } from '@/lib/bonuses/audience';
import { addDays, birthdaysOn, type CampaignRules } from '@/lib/domain/campaigns';
import { localDay } from '@/lib/domain/mailing-window';
import type { TenantMailing } from './context';

/**
 * Today's audience of a campaign's rules, as the settings screen shows it before enabling ("17
 * people, 9 of them children's birthdays"): the birthdays `daysBefore` days ahead, the clients whose
 * last visit was exactly `daysWithout` days before today, a manual list's filter. NPS people are
 * known only as deals move: today's recorded sends of the campaign, when it has one.
 */

export const SAMPLE_NAMES = 5;

export interface AudienceToday {
  people: number;
  clients: number;
  children: number;
}

export interface AudiencePreview extends AudienceToday {
  sample: string[];
}

const none: AudiencePreview = { people: 0, clients: 0, children: 0, sample: [] };

function birthdayQuery(
  tenant: TenantMailing,
  now: Date,
  rules: CampaignRules & { kind: 'birthday' },
): BirthdayAudience {
  const { monthDays } = birthdaysOn(addDays(localDay(now, tenant.zone).day, rules.rules.daysBefore));
  return {
    tenantId: tenant.tenantId,
    connectionId: tenant.connection.id,
    monthDays,
    clients: rules.rules.who !== 'children',
    children: rules.rules.who !== 'clients',
  };
}

function winbackQuery(tenant: TenantMailing, now: Date, daysWithout: number): WinbackAudience {
  const today = DateTime.fromJSDate(now, { zone: tenant.zone }).startOf('day');
  return {
    tenantId: tenant.tenantId,
    connectionId: tenant.connection.id,
    lastVisitFrom: today.minus({ days: daysWithout }).toJSDate(),
    lastVisitBefore: today.plus({ days: 1 }).minus({ days: daysWithout }).toJSDate(),
    zone: tenant.zone,
  };
}

export async function audienceOf(
  db: Db,
  tenant: TenantMailing,
  value: CampaignRules,
  params: { now: Date; sample: boolean; campaignId?: string },
): Promise<AudiencePreview> {
  const { now } = params;
  const limit = params.sample ? SAMPLE_NAMES : 0;
  switch (value.kind) {
    case 'birthday': {
      const q = birthdayQuery(tenant, now, value);
      const [counts, sample] = await Promise.all([
        countBirthdayAudience(db, q),
        limit ? sampleBirthdayAudience(db, q, limit) : [],
      ]);
      return { ...counts, sample };
    }
    case 'winback': {
      const q = winbackQuery(tenant, now, value.rules.daysWithout);
      const [people, sample] = await Promise.all([
        countWinbackAudience(db, q),
        limit ? sampleWinbackAudience(db, q, limit) : [],
      ]);
      return { people, clients: people, children: 0, sample };
    }
    case 'manual': {
      const q = audienceQuery({
        tenantId: tenant.tenantId,
        connectionId: tenant.connection.id,
        zone: tenant.zone,
        at: now,
        filter: value.rules.filter,
      });
      const [people, sample] = await Promise.all([
        countAudience(db, q),
        limit ? sampleAudience(db, q, limit) : [],
      ]);
      return { people, clients: people, children: 0, sample: sample.map((s) => s.name) };
    }
    case 'nps': {
      if (!params.campaignId) return none;
      const day = localDay(now, tenant.zone);
      const { people } = await countCampaignSendsDue(db, {
        tenantId: tenant.tenantId,
        campaignId: params.campaignId,
        from: day.start,
        to: day.end,
      });
      return { people, clients: people, children: 0, sample: [] };
    }
  }
}
