import { describe, expect, test } from 'vitest';
import type { Exchange } from '../../src/core/exchange.js';
import { resolveRedaction } from '../../src/redact/redaction-rules.js';
import { createRedactor } from '../../src/redact/redactor.js';
import { createCredentialRestorer } from '../../src/replay/credentials.js';
import { exchangeOf } from '../helpers/exchanges.js';

const KEY = Buffer.from('credentials-test-key-0123456789');
const SEAL_KEY = Buffer.alloc(32, 9);
const seal = createRedactor(resolveRedaction(), { key: KEY, sealKey: SEAL_KEY });
const remove = createRedactor(resolveRedaction(), { key: KEY });

function through(redact: typeof seal, original: Exchange): Exchange {
  const result = redact(original);
  if (!result.ok) throw new Error(result.detail);
  return { ...result.exchange, seq: 1 } as Exchange;
}

const original = (body: string, type: string, query = ''): Exchange =>
  ({ ...exchangeOf({ requestBody: Buffer.from(body), requestHeaders: [['content-type', type], ['Cookie', 'sid=a"b\\c']], query }), seq: 1 }) as Exchange;

describe('sealed credentials go back exactly as they were recorded', () => {
  test.each([
    ['JSON with quotes and backslashes in the secret, and a number', '{"password":"pa\\"ss\\\\w","auth_token":123456,"user":"ada"}', 'application/json', ''],
    ['a form whose secret needs percent-encoding', 'user=ada&password=a%2Bb%26c%3Dd%25', 'application/x-www-form-urlencoded', ''],
    ['a query whose token holds + / =', '{}', 'application/json', 'access_token=x%2By%2Fz%3D%3D&page=2'],
  ])('%s', (_name, body, type, query) => {
    const recorded = original(body, type, query);
    const stored = through(seal, recorded);
    expect(Buffer.from(stored.requestBody).toString()).not.toMatch(/pa\\"ss|a%2Bb%26c|123456/);
    const { exchange, state } = createCredentialRestorer(SEAL_KEY)(stored);
    expect(state).toBe('restored');
    expect(Buffer.from(exchange.requestBody).toString()).toBe(body);
    expect(exchange.query).toBe(query);
    expect(exchange.requestHeaders).toEqual(recorded.requestHeaders);
  });

  test('without the key, or removed at record time, the exchange goes out without them and says so', () => {
    const stored = through(seal, original('{"password":"x"}', 'application/json'));
    const without = createCredentialRestorer(undefined)(stored);
    expect(without.state).toBe('missing');
    expect(without.exchange.requestHeaders).toEqual([['content-type', 'application/json']]);
    expect(createCredentialRestorer(SEAL_KEY)(through(remove, original('{"password":"x"}', 'application/json'))).state).toBe('missing');
    expect(createCredentialRestorer(SEAL_KEY)({ ...exchangeOf(), seq: 1 } as Exchange).state).toBe('none');
  });
});
