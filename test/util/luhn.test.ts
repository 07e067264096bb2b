import { describe, expect, test } from 'vitest';
import { luhnCheckDigit, luhnValid } from '../../src/util/luhn.js';

describe('luhnValid', () => {
  test.each(['4111111111111111', '5555555555554444', '378282246310005', '79927398713', '0000000000000000'])('accepts %s', (digits) => {
    expect(luhnValid(digits)).toBe(true);
  });

  test.each(['4111111111111112', '79927398710', '79927398714', '5555555555554443'])('refuses %s', (digits) => {
    expect(luhnValid(digits)).toBe(false);
  });

  test('catches a swap of adjacent digits', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('97927398713')).toBe(false);
  });

  test.each(['', '4111 1111 1111 1111', '4111-1111-1111-1111', '411111111111111a', '４111111111111111'])('refuses %j (not only digits)', (text) => {
    expect(luhnValid(text)).toBe(false);
  });
});

describe('luhnCheckDigit', () => {
  test('computes the check digit of known numbers', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    expect(luhnCheckDigit('555555555555444')).toBe('4');
  });

  test('exactly one digit completes any payload', () => {
    for (const payload of ['4', '40000', '123456789012', '999999999999999999']) {
      const check = luhnCheckDigit(payload);
      const valid = '0123456789'.split('').filter((d) => luhnValid(payload + d));
      expect(valid).toEqual([check]);
    }
  });

  test('throws for a payload no digit can complete', () => {
    expect(() => luhnCheckDigit('12a')).toThrow('no Luhn check digit for 3-digit payload');
  });
});
