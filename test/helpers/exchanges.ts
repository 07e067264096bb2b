import { join } from 'node:path';
import type { NewExchange } from '../../src/core/exchange.js';
import { createCapture, CaptureWriter } from '../../src/store/index.js';
import { REDACTION_ENGINE } from '../../src/redact/redactor.js';
import { tmpDir } from './tmp.js';

/** A plausible validator exchange; override any field. */
export function exchangeOf(overrides: Partial<NewExchange> = {}): NewExchange {
  return {
    recordedAt: Date.UTC(2026, 10, 23, 10, 0, 0),
    method: 'POST',
    path: '/v1/payments/validate',
    query: '',
    requestHeaders: [['content-type', 'application/json'], ['x-trace', 'a'], ['x-trace', 'b']],
    requestBody: Buffer.from('{"transaction_id":"tx-1","amount":100}'),
    requestTruncated: false,
    response: { kind: 'answer', status: 200, headers: [['content-type', 'application/json']], body: Buffer.from('{"decision":"approve","errors":[]}'), truncated: false, latencyUs: 850 },
    tags: [],
    ...overrides,
  };
}

/**
 * A capture file in a temporary directory holding `exchanges`, closed and ready to read. It says it
 * was cleaned by the redaction engine, as a recorded capture does, unless `redaction` is '' (a
 * capture from an older Parity or another tool).
 */
export function captureWith(exchanges: readonly NewExchange[], name = 'test.db', redaction = REDACTION_ENGINE): string {
  const path = join(tmpDir(), name);
  const writer = new CaptureWriter(createCapture(path, { createdBy: 'parity test', source: 'test', redaction }));
  writer.append(exchanges);
  writer.close();
  return path;
}
