import { describe, expect, it } from 'vitest';
import { nationalDigits, parseContactQuery } from '@/lib/domain/contact-query';

/** What a manager types into the booking's contact search: a phone (whole or its last digits) or a name. */
describe('parseContactQuery', () => {
  it('reads a phone in any format as digits, and as a whole number when it is one', () => {
    expect(parseContactQuery('8 (912) 345-67-89')).toEqual({
      kind: 'phone',
      digits: '89123456789',
      phone: '79123456789',
    });
    expect(parseContactQuery('+7 912 3456789')).toMatchObject({ phone: '79123456789' });
    expect(parseContactQuery('9123456789')).toMatchObject({ phone: '79123456789' });
  });

  it('keeps a part of a number (7 to 9 digits) as digits only', () => {
    expect(parseContactQuery('345-67-89')).toEqual({ kind: 'phone', digits: '3456789', phone: null });
  });

  it('reads fewer than 7 digits, or digits among letters, as a name', () => {
    expect(parseContactQuery('12-34')).toEqual({ kind: 'name', words: ['12-34'] });
    expect(parseContactQuery('Иван 8912345')).toEqual({ kind: 'name', words: ['Иван', '8912345'] });
  });

  it('splits a name into at most four words; a blank query is nothing', () => {
    expect(parseContactQuery('  Анна   Мария  Петрова ')).toEqual({
      kind: 'name',
      words: ['Анна', 'Мария', 'Петрова'],
    });
    expect(parseContactQuery('a b c d e')).toMatchObject({ words: ['a', 'b', 'c', 'd'] });
    expect(parseContactQuery('   ')).toBeNull();
  });
});

describe('nationalDigits', () => {
  it('drops the 7 of a Russian number and leaves others as they are', () => {
    expect(nationalDigits('79123456789')).toBe('9123456789');
    expect(nationalDigits('3456789')).toBe('3456789');
    expect(nationalDigits('491701234567')).toBe('491701234567');
  });
});
