import { describe, expect, it } from 'vitest';
import { formatRubles, rublesToKopecks } from '@/lib/domain/money';

/** Money as the pages show it: the ruble sign in both languages, decimals only when there are kopecks. */

const plain = (text: string) => text.replace(/\s/g, ' ');

describe('formatRubles', () => {
  it('writes whole rubles without decimals, with the ruble sign in Russian and in English', () => {
    expect(plain(formatRubles(100_000, 'ru'))).toBe('1 000 ₽');
    expect(formatRubles(100_000, 'en')).toBe('₽1,000');
  });

  it('writes kopecks with two decimals in the language’s own way', () => {
    expect(plain(formatRubles(1_750, 'ru'))).toBe('17,50 ₽');
    expect(formatRubles(1_750, 'en')).toBe('₽17.50');
    expect(formatRubles(1, 'en')).toBe('₽0.01');
  });
});

describe('rublesToKopecks', () => {
  it('reads what a person types: a comma or a point, up to two decimals', () => {
    expect(rublesToKopecks('500')).toBe(50_000);
    expect(rublesToKopecks(' 12,5 ')).toBe(1_250);
    expect(rublesToKopecks('0.01')).toBe(1);
  });
});
