import { describe, expect, test } from 'vitest';
import { classifyName, DEFAULT_VOCABULARY, wordsOf } from '../../src/redact/field-names.js';

const kind = (name: string, outer: string[] = []) => classifyName(name, outer, DEFAULT_VOCABULARY);

describe('what a field name says', () => {
  test('names are compared as words, whatever their spelling', () => {
    expect(wordsOf('cardNumber')).toEqual(['card', 'number']);
    expect(wordsOf('X-Amz-Security-Token')).toEqual(['x', 'amz', 'security', 'token']);
    expect(wordsOf('APIKey')).toEqual(['api', 'key']);
    expect(wordsOf('card.number')).toEqual(['card', 'number']);
  });

  test.each(['pan', 'cc', 'card', 'cards', 'cardNumber', 'card_number', 'Card-Number', 'creditCard', 'credit_card_number', 'cc_number', 'X-Card-Number'])('%s holds a card number', (name) => {
    expect(kind(name)).toBe('card');
  });

  test('number, num, no under a card object hold a card number; elsewhere they do not', () => {
    expect(kind('number', ['card'])).toBe('card');
    expect(kind('num', ['payment_card'])).toBe('card');
    expect(kind('number', ['order'])).toBeUndefined();
    expect(kind('number')).toBeUndefined();
  });

  test.each(['cvv', 'CVC2', 'cvn', 'cvvCode', 'card_cvv', 'X-CVV', 'cvv_code', 'security_code', 'verification_code', 'cardVerificationValue'])('%s is a card verification value', (name) => {
    expect(kind(name)).toBe('cvv');
  });

  test.each(['pin', 'pin_block', 'PinBlock', 'pin_code', 'pinCode'])('%s is PIN material', (name) => {
    expect(kind(name)).toBe('pin');
  });

  test.each(['Authorization', 'Proxy-Authorization', 'Authentication', 'X-Auth-Token', 'Api-Key', 'X-API-Key', 'apikey', 'X-Access-Token', 'access_token', 'X-Amz-Security-Token', 'X-CSRF-Token', 'X-XSRF-TOKEN', 'Cookie', 'Set-Cookie', 'password', 'client_secret', 'session_id', 'JSESSIONID', 'X-Hub-Signature', 'refresh_token', 'private_key', 'api_keys', 'passwords', 'passcode', 'pw', 'Ocp-Apim-Subscription-Key'])('%s is a credential', (name) => {
    expect(kind(name)).toBe('credential');
  });

  test.each(['author', 'authorId', 'Idempotency-Key', 'max_tokens', 'Content-Type', 'japan', 'timespan', 'order_id', 'Sec-WebSocket-Key', 'keyboard', 'pinned', 'spinner', 'description', 'zip_code', 'cid', 'sid', 'account_sid', 'token_type', 'auth_status', 'auth_type', 'session_timeout', 'token_count', 'authorization_code', 'auth_code', 'expires_at'])('%s is none of them', (name) => {
    expect(kind(name)).toBeUndefined();
  });
});
