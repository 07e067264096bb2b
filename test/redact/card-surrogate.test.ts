import { describe, expect, test } from 'vitest';
import { createCardTokenizer } from '../../src/redact/card-surrogate.js';
import { luhnValid } from '../../src/util/luhn.js';

const tokenize = createCardTokenizer(Buffer.from('test-key-0123456789abcdef'));
const digits = (s: string) => s.replace(/\D/g, '');

describe('card surrogates', () => {
  test.each([
    ['4111111111111111', 8],
    ['4111 1111 1111 1111', 8],
    ['5500-0000-0000-0004', 8],
    ['378282246310005', 6],
    ['4222222222222', 6],
    ['6011000990139424', 8],
    ['3530111333300000', 8],
    ['4000000000000000006', 8],
  ])('%s keeps its BIN (%i digits), length, separators and Luhn validity', (card, binLength) => {
    const surrogate = tokenize(card);
    expect(surrogate).not.toBe(card);
    expect(surrogate).toHaveLength(card.length);
    expect(surrogate.replace(/\d/g, '#')).toBe(card.replace(/\d/g, '#'));
    expect(digits(surrogate).slice(0, binLength)).toBe(digits(card).slice(0, binLength));
    expect(luhnValid(digits(surrogate))).toBe(luhnValid(digits(card)));
  });

  test('a Luhn-invalid number stays invalid', () => {
    for (const card of ['4111111111111112', '5500000000000001', '1234567890123']) {
      expect(luhnValid(digits(card))).toBe(false);
      expect(luhnValid(digits(tokenize(card)))).toBe(false);
    }
  });

  test('deterministic under one key, different under another', () => {
    expect(tokenize('4111111111111111')).toBe(tokenize('4111111111111111'));
    const other = createCardTokenizer(Buffer.from('another-key-xxxxxxxxxxxxxxx'));
    expect(other('4111111111111111')).not.toBe(tokenize('4111111111111111'));
  });

  test('different cards with the same BIN get different surrogates', () => {
    const cards = Array.from({ length: 200 }, (_, i) => `41111111${String(i).padStart(7, '0')}`).map((c) => c + '0');
    expect(new Set(cards.map(tokenize)).size).toBe(cards.length);
  });

  test('the digits after the BIN are not copied from the original', () => {
    const card = '4111111234567890';
    const tail = digits(tokenize(card)).slice(8, 15);
    expect(tail).not.toBe(card.slice(8, 15));
  });
});
