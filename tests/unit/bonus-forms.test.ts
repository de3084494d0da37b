import { describe, expect, it } from 'vitest';
import { emptyFilter, filterOf } from '@/app/bitrix24/bonuses/audience-filter';
import { parseRubles } from '@/app/bitrix24/bonuses/bonus-form-kit';
import { checkAmount } from '@/app/bitrix24/bonuses/credit-fields';
import { audienceFilterSchema } from '@/lib/domain/bonus-audience';

/** What the bonus forms send: the amount a person typed, and the mirror filter as the API reads it. */

describe('the amount typed in rubles', () => {
  it('reads spaces, a comma or a point, up to two decimals', () => {
    expect(parseRubles('1 500')).toBe(150_000);
    expect(parseRubles('1\u00a0500,5')).toBe(150_050);
    expect(parseRubles('0.01')).toBe(1);
    for (const bad of ['', '-5', '1.234', '12abc', '1e3']) expect(parseRubles(bad)).toBeNull();
  });

  it('is refused before sending when it is outside 1 kopeck..the limit, in the host’s words', () => {
    expect(checkAmount('ru', '500', 500_000)).toEqual({ kopecks: 50_000 });
    expect(checkAmount('ru', '5001', 500_000)).toEqual({
      problem: expect.stringMatching(/^Введите сумму от 0,01\s₽ до 5\s000\s₽\.$/),
    });
    expect(checkAmount('en', '0', 500_000)).toEqual({ problem: 'Enter an amount from ₽0.01 to ₽5,000.' });
  });
});

describe('the audience filter', () => {
  it('sends only the conditions given, money in kopecks, and the API takes it', () => {
    const filter = filterOf({
      ...emptyFilter,
      category: 'adult',
      childAgeFrom: '3',
      childAgeTo: '7',
      birthMonth: '2',
      bonusTo: '100',
      spendFrom: '2026-01-01',
      spendTo: '2026-01-31',
      spendMin: '1 000',
    });
    expect(filter).toEqual({
      category: 'adult',
      childAgeFrom: 3,
      childAgeTo: 7,
      birthMonth: 2,
      bonusTo: 10_000,
      spendFrom: '2026-01-01',
      spendTo: '2026-01-31',
      spendMin: 100_000,
    });
    expect(audienceFilterSchema.safeParse(filter).success).toBe(true);
    expect(filterOf(emptyFilter)).toEqual({});
  });

  it('sends what is not a number as typed, so the API names the field', () => {
    const filter = filterOf({ ...emptyFilter, childAgeFrom: 'три', bonusFrom: 'много' });
    expect(filter).toEqual({ childAgeFrom: 'три', bonusFrom: 'много' });
    const parsed = audienceFilterSchema.safeParse(filter);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['childAgeFrom', 'bonusFrom']);
  });
});
