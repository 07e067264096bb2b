import { describe, expect, test } from 'vitest';
import { ValidatorState } from '../../src/validator/state.js';
import { at, rememberedAnswer, TEST_SEED } from '../helpers/payments.js';

const HOUR = 3_600_000;
const T0 = at('2026-11-23T10:00:00Z');

function fresh(capacity = 100): ValidatorState {
  return new ValidatorState(TEST_SEED, { idempotencyCapacity: capacity, holdHours: 72 });
}

describe('ValidatorState', () => {
  test('starts from the seed with no history', () => {
    const state = fresh();
    expect(state.account('ACC-1')).toBe(TEST_SEED.accounts[0]);
    expect(state.account('ACC-404')).toBeUndefined();
    expect(state.held('ACC-1', 'EUR', T0.epochMs - HOUR)).toBe(0);
    expect(state.approvals('ACC-1')).toEqual([]);
    expect(state.cardUses('4111111111111111')).toEqual([]);
    expect(state.transaction('tx-1')).toBeUndefined();
  });

  test('merchantsNamed ignores case and returns every merchant of that name', () => {
    const state = new ValidatorState({ accounts: [], merchants: [...TEST_SEED.merchants, { ...TEST_SEED.merchants[1]!, id: 'mrc-0001' }] }, { idempotencyCapacity: 10, holdHours: 72 });
    expect(state.merchantsNamed('Mrc-0001').map((m) => m.id)).toEqual(['MRC-0001', 'mrc-0001']);
    expect(state.merchantsNamed('MRC-9999')).toEqual([]);
  });

  test('holds are released once older than the hold period', () => {
    const state = fresh();
    state.placeHold('ACC-1', { epochMs: T0.epochMs, currency: 'EUR', amount: 100 });
    state.placeHold('ACC-1', { epochMs: T0.epochMs + 10 * HOUR, currency: 'EUR', amount: 40 });
    expect(state.held('ACC-1', 'EUR', T0.epochMs - 1)).toBe(140);
    expect(state.held('ACC-1', 'EUR', T0.epochMs)).toBe(40);
    expect(state.held('ACC-1', 'EUR', T0.epochMs + 10 * HOUR)).toBe(0);
  });

  test('holds add up per account and currency', () => {
    const state = fresh();
    state.placeHold('ACC-1', { epochMs: T0.epochMs, currency: 'EUR', amount: 100 });
    state.placeHold('ACC-1', { epochMs: T0.epochMs, currency: 'EUR', amount: 250 });
    state.placeHold('ACC-1', { epochMs: T0.epochMs, currency: 'JPY', amount: 7 });
    expect(state.held('ACC-1', 'EUR', T0.epochMs - HOUR)).toBe(350);
    expect(state.held('ACC-1', 'JPY', T0.epochMs - HOUR)).toBe(7);
    expect(state.held('ACC-2', 'EUR', T0.epochMs - HOUR)).toBe(0);
  });

  test('keeps approvals and card uses per account and card', () => {
    const state = fresh();
    state.addApproval('ACC-1', { timestamp: T0, currency: 'EUR', amount: 10 });
    state.addCardUse('4111111111111111', T0.epochMs);
    state.addCardUse('4111111111111111', T0.epochMs + 1);
    expect(state.approvals('ACC-1')).toEqual([{ timestamp: T0, currency: 'EUR', amount: 10 }]);
    expect(state.approvals('ACC-2')).toEqual([]);
    expect(state.cardUses('4111111111111111')).toEqual([T0.epochMs, T0.epochMs + 1]);
    expect(state.cardUses('5555555555554444')).toEqual([]);
  });

  test('forgets history 48 hours or more older than the newest entry', () => {
    const state = fresh();
    state.addCardUse('4111111111111111', T0.epochMs);
    state.addCardUse('4111111111111111', T0.epochMs + 1);
    state.addCardUse('4111111111111111', T0.epochMs + 48 * HOUR);
    expect(state.cardUses('4111111111111111')).toEqual([T0.epochMs + 1, T0.epochMs + 48 * HOUR]);

    state.addApproval('ACC-1', { timestamp: T0, currency: 'EUR', amount: 1 });
    state.addApproval('ACC-1', { timestamp: { epochMs: T0.epochMs + 48 * HOUR, offsetMinutes: 0 }, currency: 'EUR', amount: 2 });
    expect(state.approvals('ACC-1').map((a) => a.amount)).toEqual([2]);
  });

  test('remembers the first answer for a transaction id', () => {
    const state = fresh();
    state.rememberTransaction('tx-1', { fingerprint: 'a', answer: rememberedAnswer(1) });
    state.rememberTransaction('tx-1', { fingerprint: 'b', answer: rememberedAnswer(2) });
    expect(state.transaction('tx-1')).toEqual({ fingerprint: 'a', answer: rememberedAnswer(1) });
  });

  test('beyond the idempotency capacity, the oldest transaction id is forgotten first', () => {
    const state = fresh(2);
    state.rememberTransaction('tx-1', { fingerprint: 'a', answer: rememberedAnswer(1) });
    state.rememberTransaction('tx-2', { fingerprint: 'b', answer: rememberedAnswer(2) });
    state.rememberTransaction('tx-1', { fingerprint: 'c', answer: rememberedAnswer(3) }); // a repeat neither refreshes nor evicts
    state.rememberTransaction('tx-3', { fingerprint: 'd', answer: rememberedAnswer(4) });
    expect(state.transaction('tx-1')).toBeUndefined();
    expect(state.transaction('tx-2')).toEqual({ fingerprint: 'b', answer: rememberedAnswer(2) });
    expect(state.transaction('tx-3')).toEqual({ fingerprint: 'd', answer: rememberedAnswer(4) });
  });

  test('reset() forgets everything since the seed', () => {
    const state = fresh();
    state.placeHold('ACC-1', { epochMs: T0.epochMs, currency: 'EUR', amount: 100 });
    state.addApproval('ACC-1', { timestamp: T0, currency: 'EUR', amount: 100 });
    state.addCardUse('4111111111111111', T0.epochMs);
    state.rememberTransaction('tx-1', { fingerprint: 'a', answer: rememberedAnswer(1) });
    state.reset();
    expect(state.held('ACC-1', 'EUR', T0.epochMs - HOUR)).toBe(0);
    expect(state.approvals('ACC-1')).toEqual([]);
    expect(state.cardUses('4111111111111111')).toEqual([]);
    expect(state.transaction('tx-1')).toBeUndefined();
    expect(state.account('ACC-1')).toBe(TEST_SEED.accounts[0]);
    expect(state.merchantsNamed('mrc-0001')).toHaveLength(1);
  });
});
