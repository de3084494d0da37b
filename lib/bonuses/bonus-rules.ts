import type { Db } from '@/db/client';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { formatRubles } from '@/lib/domain/money';
import { bonusErrorWords } from '@/lib/i18n/bonus-errors';
import type { SettingValue } from '@/lib/settings/registry';
import { getSetting } from '@/lib/settings/settings';
import { BonusForbiddenError, BonusRefusedError } from './errors';

/**
 * Who may credit and how much (the tenant's `bonusRules` setting): one client from a card — every
 * manager, or admins only; any amount from one kopeck to the limit per operation; a mass run —
 * admins only, always. A refusal is checked before anything is written.
 */

export type BonusRules = SettingValue<'bonusRules'>;

export const getBonusRules = (db: Db, tenantId: string): Promise<BonusRules> =>
  getSetting(db, { tenantId, key: 'bonusRules' });

export function mayCreditOne(claims: EmbedClaims, rules: BonusRules): boolean {
  return claims.admin || rules.whoCredits === 'managers';
}

export function assertMayCreditOne(claims: EmbedClaims, rules: BonusRules): void {
  if (!mayCreditOne(claims, rules)) {
    throw new BonusForbiddenError(bonusErrorWords(claims.locale).managersMayNot);
  }
}

export function assertMayRunMass(claims: EmbedClaims): void {
  if (!claims.admin) throw new BonusForbiddenError(bonusErrorWords(claims.locale).massAdminsOnly);
}

export function assertAmount(claims: EmbedClaims, rules: BonusRules, amountKopecks: number): void {
  if (!Number.isSafeInteger(amountKopecks) || amountKopecks < 1 || amountKopecks > rules.maxAmountKopecks) {
    throw new BonusRefusedError(
      bonusErrorWords(claims.locale).amount(
        formatRubles(1, claims.locale),
        formatRubles(rules.maxAmountKopecks, claims.locale),
      ),
    );
  }
}
