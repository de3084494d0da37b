import { describe, expect, it } from 'vitest';
import { en } from '@/lib/i18n/en';
import { pickLocale } from '@/lib/i18n/pick-locale';
import { ru } from '@/lib/i18n/ru';

describe('pickLocale', () => {
  it('picks Russian when the browser prefers Russian', () => {
    expect(pickLocale('ru-RU,ru;q=0.9,en;q=0.8')).toBe('ru');
    expect(pickLocale('ru')).toBe('ru');
  });

  it('picks English when the browser prefers English', () => {
    expect(pickLocale('en-US,en;q=0.9')).toBe('en');
    expect(pickLocale('en-GB,en;q=0.9,ru;q=0.8')).toBe('en');
  });

  it('defaults to Russian without a header or when neither language is listed', () => {
    expect(pickLocale(null)).toBe('ru');
    expect(pickLocale('')).toBe('ru');
    expect(pickLocale('*')).toBe('ru');
    expect(pickLocale('de-DE,de;q=0.9,fr;q=0.8')).toBe('ru');
  });

  it('respects q-values, not only the order', () => {
    expect(pickLocale('ru;q=0.5, en;q=0.8')).toBe('en');
    expect(pickLocale('de, en;q=0.3, ru;q=0.7')).toBe('ru');
    expect(pickLocale('de, en;q=0.7, ru;q=0.7')).toBe('en');
  });

  it('treats q=0 as "not acceptable"', () => {
    expect(pickLocale('ru;q=0, en;q=0.1')).toBe('en');
    expect(pickLocale('en;q=0')).toBe('ru');
  });

  it('is case-insensitive and tolerates spaces and malformed q-values', () => {
    expect(pickLocale(' EN-us ; Q=1 ')).toBe('en');
    expect(pickLocale('en;q=abc, ru;q=0.2')).toBe('ru');
    expect(pickLocale('english, rus')).toBe('ru');
  });
});

describe('dictionaries', () => {
  function shape(value: unknown): unknown {
    if (typeof value === 'function') return 'function';
    if (Array.isArray(value)) return 'array';
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, inner]) => [key, shape(inner)]),
      );
    }
    return typeof value;
  }

  it('have the same keys in Russian and English', () => {
    expect(shape(ru)).toEqual(shape(en));
  });

  it('build the connection steps from the app URL', () => {
    const steps = en.connect.amocrm.steps('https://bridge.example');
    expect(steps[0]?.values).toContain('https://bridge.example/api/amocrm/oauth/callback');
    expect(ru.connect.bitrix24.steps('https://bridge.example')[1]?.values).toContain(
      'https://bridge.example/api/bitrix24/install',
    );
  });
});
