/**
 * The redaction engine alone: CPU per exchange through `createRedactor` (what the recorder's store
 * worker and every importer pay), against parsing and re-serialising the same JSON bodies measured
 * in the same process (the least any body-aware redaction could cost). Two workloads: generated
 * validator exchanges (JSON, a card and a CVV each), and the redaction corpus's requests (forms,
 * gzip, UTF-16, base64, multipart, XML, headers full of credentials).
 *
 *   npm run bench:redact -- [--rounds 9] [--count 5000]
 *
 * CPU time (process.cpuUsage), median and minimum over rounds: on a shared machine the minimum is
 * the least disturbed figure.
 */
import { readFileSync } from 'node:fs';
import type { NewExchange } from '../src/core/exchange.js';
import { resolveRedaction } from '../src/redact/redaction-rules.js';
import { createRedactor } from '../src/redact/redactor.js';
import { generateTraffic } from '../src/traffic/generate.js';
import type { CorpusCase } from '../scripts/make-redaction-corpus.js';
import { benchFlags, median } from './lib/measure.js';

const { values: flags } = benchFlags({ options: { rounds: { type: 'string', default: '9' }, count: { type: 'string', default: '5000' }, help: { type: 'boolean', default: false } } });
if (flags.help) {
  console.log('usage: npm run bench:redact -- [--rounds 9] [--count 5000]');
  process.exit(0);
}
const ROUNDS = Number(flags.rounds);
const KEY = Buffer.from('bench-redact-key-0123456789abcdef');
const ANSWER = Buffer.from(JSON.stringify({ transaction_id: 'tx-1', decision: 'approve', reason_code: null, errors: [], risk_score: 0, risk_signals: [], checks: { limits: 'pass', fraud: 'pass' }, request_id: 'req_6f1c0000', processed_at: '2026-11-23T09:15:00.412Z' }));

const validator: NewExchange[] = [...generateTraffic({ count: Number(flags.count), seed: 1 })].map((r) => ({
  recordedAt: 0,
  method: 'POST',
  path: '/v1/payments/validate',
  query: '',
  requestHeaders: [['content-type', 'application/json'], ['host', '127.0.0.1:8081'], ['user-agent', 'undici'], ['accept', '*/*']],
  requestBody: Buffer.from(r.body),
  requestTruncated: false,
  response: { kind: 'answer', status: 200, headers: [['content-type', 'application/json'], ['content-length', String(ANSWER.length)], ['date', 'Sun, 29 Nov 2026 16:00:00 GMT']], body: ANSWER, truncated: false, latencyUs: 1 },
  tags: [],
}));

const corpus: NewExchange[] = (JSON.parse(readFileSync(new URL('../test/fixtures/redaction/corpus.json', import.meta.url), 'utf8')) as { cases: CorpusCase[] }).cases.map((c) => ({
  recordedAt: 0,
  method: c.method,
  path: c.path,
  query: c.query,
  requestHeaders: c.headers,
  requestBody: Buffer.from(c.bodyBase64, 'base64'),
  requestTruncated: false,
  response: { kind: 'answer', status: 200, headers: c.headers, body: Buffer.from(c.bodyBase64, 'base64'), truncated: false, latencyUs: 1 },
  tags: [],
}));

function cpuPerItem(items: readonly NewExchange[], work: (e: NewExchange) => unknown): number[] {
  const out: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.cpuUsage();
    for (const e of items) work(e);
    const used = process.cpuUsage(start);
    out.push((used.user + used.system) / items.length);
  }
  return out;
}

const redact = createRedactor(resolveRedaction(), { key: KEY });
const reparse = (bytes: Uint8Array) => {
  try {
    JSON.stringify(JSON.parse(Buffer.from(bytes).toString('utf8')));
  } catch {
    // The generated traffic holds malformed requests on purpose.
  }
};
const parseBoth = (e: NewExchange) => {
  reparse(e.requestBody);
  if (e.response.kind === 'answer') reparse(e.response.body);
};
const rows: [string, number[]][] = [
  ['validator: JSON.parse + stringify of both bodies (reference)', cpuPerItem(validator, parseBoth)],
  ['validator: redaction', cpuPerItem(validator, redact)],
  ['corpus (563 mixed requests, echoed as answers): redaction', cpuPerItem(corpus, redact)],
];
console.log(`redaction benchmark: ${ROUNDS} rounds; CPU µs per exchange (median, min)`);
for (const [name, values] of rows) console.log(`  ${name.padEnd(64)} ${median(values).toFixed(1).padStart(7)} ${Math.min(...values).toFixed(1).padStart(7)}`);
const [reference, validatorRedaction] = [rows[0]?.[1] ?? [], rows[1]?.[1] ?? []];
console.log(`  redaction / reference (minimums): ${(Math.min(...validatorRedaction) / Math.min(...reference)).toFixed(2)}×`);
