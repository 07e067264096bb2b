import { describe, expect, test } from 'vitest';
import { cardVelocity } from '../../../src/validator/rules/card-velocity.js';
import { DEFAULT_SETTINGS } from '../../../src/validator/settings.js';
import { at, contextOf, paymentOf } from '../../helpers/payments.js';

const CARD = '4111111111111111';
const NOW = at('2026-11-23T10:15:00Z').epochMs;
const MINUTE = 60_000;

/** Runs the rule for a payment at NOW after earlier uses of the card at the given times. */
function checkAfter(uses: readonly number[], rule = cardVelocity(), settings = DEFAULT_SETTINGS) {
  const ctx = contextOf({ settings });
  for (const t of uses) ctx.state.addCardUse(CARD, t);
  return rule.validate(paymentOf({ card: { number: CARD }, timestamp: { epochMs: NOW, offsetMinutes: 0 } }), ctx);
}

/** `n` earlier uses, one per minute, the latest one minute ago: all inside the 10-minute window. */
function usesInside(n: number): number[] {
  return Array.from({ length: n }, (_, i) => NOW - (i + 1) * MINUTE);
}

describe('card-velocity rule (at most 5 uses in 10 minutes by default)', () => {
  test('names itself and what it emits', () => {
    const rule = cardVelocity();
    expect(rule.name).toBe('card-velocity');
    expect(rule.emits).toEqual(['VELOCITY_CARD_EXCEEDED']);
    expect(rule.describe()).toBe(
      'declines a card used more than the allowed number of times within the sliding window (attempts count, not only approvals)',
    );
  });

  test('passes a first use', () => {
    expect(checkAfter([])).toEqual({ status: 'pass' });
  });

  test('passes exactly maxUses uses inside the window (4 earlier plus this one)', () => {
    expect(checkAfter(usesInside(4))).toEqual({ status: 'pass' });
  });

  test('declines maxUses+1 uses inside the window', () => {
    expect(checkAfter(usesInside(5))).toEqual({
      status: 'fail',
      code: 'VELOCITY_CARD_EXCEEDED',
      message: 'card used 6 times in 10 minutes; at most 5 allowed',
    });
  });

  test('a use exactly one window ago is outside; one millisecond later is inside', () => {
    expect(checkAfter([...usesInside(4), NOW - 10 * MINUTE]).status).toBe('pass');
    expect(checkAfter([...usesInside(4), NOW - 10 * MINUTE + 1]).status).toBe('fail');
  });

  test('a use at the same instant counts; a later one does not', () => {
    expect(checkAfter([...usesInside(4), NOW]).status).toBe('fail');
    expect(checkAfter([...usesInside(4), NOW + 1]).status).toBe('pass');
  });

  test('uses of another card do not count', () => {
    const ctx = contextOf();
    for (const t of usesInside(5)) ctx.state.addCardUse('5555555555554444', t);
    expect(cardVelocity().validate(paymentOf({ card: { number: CARD }, timestamp: { epochMs: NOW, offsetMinutes: 0 } }), ctx).status).toBe('pass');
  });

  test('reads maxUses and windowMinutes from the settings', () => {
    const settings = { ...DEFAULT_SETTINGS, velocity: { maxUses: 2, windowMinutes: 30 } };
    expect(checkAfter([NOW - 29 * MINUTE], cardVelocity(), settings).status).toBe('pass');
    expect(checkAfter([NOW - 29 * MINUTE, NOW - 20 * MINUTE], cardVelocity(), settings)).toEqual({
      status: 'fail',
      code: 'VELOCITY_CARD_EXCEEDED',
      message: 'card used 3 times in 30 minutes; at most 2 allowed',
    });
  });

  test('extraWindowMinutes: 1 (the velocity-window-off-by-one mutation) counts a use 10.5 minutes ago', () => {
    const uses = [...usesInside(4), NOW - 10.5 * MINUTE];
    expect(checkAfter(uses).status).toBe('pass');
    expect(checkAfter(uses, cardVelocity({ extraWindowMinutes: 1 }))).toMatchObject({
      status: 'fail',
      // The message still names the configured window.
      message: 'card used 6 times in 10 minutes; at most 5 allowed',
    });
  });
});
