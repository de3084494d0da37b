/**
 * Money inside the app is an integer number of kopecks. Lime speaks three units (DESIGN.md, Lime's
 * API): decimal rubles (GoodTypes basePrice, PutCheck prices), integer kopecks (rights' amounts,
 * GetOrCreateRight price, every assumed operation). Conversion happens only at the boundary.
 */

export type Kopecks = number & { readonly __unit?: 'kopecks' };

export class MoneyFormatError extends Error {
  readonly code = 'MONEY_INVALID' as const;
}

export function kopecks(value: number): Kopecks {
  if (!Number.isSafeInteger(value)) throw new MoneyFormatError(`${value} is not a whole number of kopecks`);
  return value;
}

/** Rubles as Lime sends them (12, 12.5, "12.34") → kopecks, exact (no float drift). */
export function rublesToKopecks(rubles: number | string): Kopecks {
  const text = typeof rubles === 'number' ? rubles.toFixed(6) : rubles.trim().replace(',', '.');
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new MoneyFormatError(`"${rubles}" is not an amount of rubles`);
  const [, sign, whole, fraction = ''] = match;
  const digits = `${fraction}000`.slice(0, 3);
  // Round half away from zero on the third decimal.
  const cents = Number(whole) * 100 + Number(digits.slice(0, 2)) + (Number(digits[2]) >= 5 ? 1 : 0);
  return kopecks(sign ? -cents : cents);
}

/** Kopecks → a rubles number with two decimals, for the endpoints that take rubles. */
export function kopecksToRubles(value: Kopecks): number {
  return Math.round(value) / 100;
}

/** "100 ₽", "17,50 ₽" (ru) or "₽100", "₽17.50" (en): whole rubles without decimals. */
export function formatRubles(value: Kopecks, locale: 'ru' | 'en' = 'ru'): string {
  const whole = value % 100 === 0;
  return new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', {
    style: 'currency',
    currency: 'RUB',
    // The ruble sign in English too: the default display there is the code ("RUB 100").
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(value / 100);
}
