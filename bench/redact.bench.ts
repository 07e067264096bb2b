/**
 * The redaction engine alone: CPU per exchange through `createRedactor` (what the recorder's store
 * worker and every importer pay), against parsing and re-serialising the same JSON bodies measured
 * in the same process (the least any body-aware redaction could cost). Three workloads: generated
 * validator exchanges (JSON, a card and a CVV each), the redaction corpus's requests (forms,
 * gzip, UTF-16, base64, multipart, XML, headers full of credentials), and the traffic bench:peers
 * records (fresh payments answered by the bare server), this one through a new redactor each
 * round as a recording meets its cards. Then the store worker's whole work on that traffic, stage
 * by stage: unpacking a batch, redaction, rows, the SQLite transaction (a capture in a temp dir).
 *
 *   npm run bench:redact -- [--rounds 9] [--count 5000] [--compiled]
 *
 * `--compiled` runs this file compiled by tsc on plain node, as the recorder's store worker runs:
 * under the tsx loader the engine's per-call closures pay for their names, and redaction measures
 * 2-2.5× its compiled cost.
 *
 * CPU time (process.cpuUsage), median and minimum over rounds: on a shared machine the minimum is
 * the least disturbed figure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewExchange } from '../src/core/exchange.js';
import { resolveRedaction } from '../src/redact/redaction-rules.js';
import { createRedactor } from '../src/redact/redactor.js';
import { generateTraffic } from '../src/traffic/generate.js';
import type { CorpusCase } from '../scripts/make-redaction-corpus.js';
import { BatchPacker, unpackBatch, type PackedBatch } from '../src/record/batch-codec.js';
import { CaptureWriter, createCapture } from '../src/store/index.js';
import { toRow } from '../src/store/rows.js';
import { defaultSeed } from '../src/validator/index.js';
import { compileServers } from './lib/compile.js';
import { benchFlags, median, positiveInt } from './lib/measure.js';
import { PaymentGenerator } from './lib/payments.js';
import { PROJECT_ROOT } from './lib/servers.js';
import { BARE_ANSWER } from './servers/bare-answer.js';

const { values: flags } = benchFlags({
  options: { rounds: { type: 'string', default: '9' }, count: { type: 'string', default: '5000' }, compiled: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
});
if (flags.help) {
  console.log('usage: npm run bench:redact -- [--rounds 9] [--count 5000] [--compiled]');
  process.exit(0);
}
const ROUNDS = positiveInt(flags.rounds, '--rounds');
const COUNT = positiveInt(flags.count, '--count');
/** Set in the compiled child: the project it was compiled from (its own files live in a temp dir). */
const COMPILED_FROM = process.env['PARITY_BENCH_COMPILED_FROM'];
if (flags.compiled && COMPILED_FROM === undefined) {
  const compiled = compileServers(['../redact.bench.ts']);
  // Ctrl-C reaches the child too; listening here keeps this process alive until it has gone, so the compiled dir is removed.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => undefined);
  try {
    const child = spawnSync(process.execPath, [join(compiled.dir, 'bench', 'redact.bench.js'), '--rounds', String(ROUNDS), '--count', String(COUNT)], {
      stdio: 'inherit',
      env: { ...process.env, PARITY_BENCH_COMPILED_FROM: PROJECT_ROOT },
    });
    if (child.error) console.error(`bench: the compiled bench did not run: ${child.error.message}`);
    process.exitCode = child.signal ? 130 : (child.status ?? 1);
  } finally {
    compiled.remove();
  }
  process.exit();
}
const KEY = Buffer.from('bench-redact-key-0123456789abcdef');
const ANSWER = Buffer.from(JSON.stringify({ transaction_id: 'tx-1', decision: 'approve', reason_code: null, errors: [], risk_score: 0, risk_signals: [], checks: { limits: 'pass', fraud: 'pass' }, request_id: 'req_6f1c0000', processed_at: '2026-11-23T09:15:00.412Z' }));

const validator: NewExchange[] = [...generateTraffic({ count: COUNT, seed: 1 })].map((r) => ({
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

const corpus: NewExchange[] = (JSON.parse(readFileSync(join(COMPILED_FROM ?? PROJECT_ROOT, 'test', 'fixtures', 'redaction', 'corpus.json'), 'utf8')) as { cases: CorpusCase[] }).cases.map((c) => ({
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

/** CPU µs per item of each round; `workFor` gives each round its work (a new redactor, or the same one). */
function cpuPerItem(items: readonly NewExchange[], workFor: () => (e: NewExchange) => unknown): number[] {
  const out: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const work = workFor();
    const start = cpuNow();
    for (const e of items) work(e);
    out.push((cpuNow() - start) / items.length);
  }
  return out;
}

/** What bench:peers sends the recorder and what its upstream answers, with the headers they travel with. */
const payments = new PaymentGenerator(defaultSeed(), 7, 'redact');
const bareAnswer = Buffer.from(BARE_ANSWER);
const peersTraffic: NewExchange[] = Array.from({ length: COUNT }, (_, i) => {
  const body = Buffer.from(payments.next());
  return {
    recordedAt: 1_796_000_000_000 + i,
    method: 'POST',
    path: '/v1/payments/validate',
    query: '',
    requestHeaders: [['host', '127.0.0.1:40000'], ['connection', 'keep-alive'], ['content-type', 'application/json'], ['content-length', String(body.length)]],
    requestBody: body,
    requestTruncated: false,
    response: {
      kind: 'answer',
      status: 200,
      headers: [['content-type', 'application/json; charset=utf-8'], ['content-length', String(bareAnswer.length)], ['date', 'Mon, 30 Nov 2026 09:00:00 GMT'], ['connection', 'keep-alive'], ['keep-alive', 'timeout=30']],
      body: bareAnswer,
      truncated: false,
      latencyUs: 350,
    },
    tags: [],
  };
});

const newRedactor = () => createRedactor(resolveRedaction(), { key: KEY });
const redact = newRedactor();
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
  ['validator: JSON.parse + stringify of both bodies (reference)', cpuPerItem(validator, () => parseBoth)],
  ['validator: redaction', cpuPerItem(validator, () => redact)],
  ['corpus (563 mixed requests, echoed as answers): redaction', cpuPerItem(corpus, () => redact)],
  ['bench:peers traffic: JSON.parse + stringify of both bodies (reference)', cpuPerItem(peersTraffic, () => parseBoth)],
  ['bench:peers traffic: redaction, a new redactor each round', cpuPerItem(peersTraffic, newRedactor)],
];

/** The store worker's work per exchange, stage by stage, on batches of 300 packed as the recorder packs them. */
async function storeStages(items: readonly NewExchange[]): Promise<Record<'unpack' | 'redact' | 'rows' | 'insert', number[]>> {
  const stages = { unpack: [] as number[], redact: [] as number[], rows: [] as number[], insert: [] as number[] };
  const dir = mkdtempSync(join(tmpdir(), 'parity-bench-redact-'));
  // The captures are files: Ctrl-C removes them, at the end of the round in progress (a round is synchronous).
  const interrupted = () => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, interrupted);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      const batches: PackedBatch[] = [];
      const packer = new BatchPacker();
      for (const e of items) {
        packer.add(e);
        if (packer.count === 300) batches.push(packer.take());
      }
      if (packer.count > 0) batches.push(packer.take());
      const fresh = newRedactor();
      const writer = new CaptureWriter(createCapture(join(dir, `round${round}.db`), { createdBy: 'bench:redact', source: 'bench:peers traffic' }));
      const spent = { unpack: 0, redact: 0, rows: 0, insert: 0 };
      let at = cpuNow();
      const lap = (stage: keyof typeof spent) => {
        const now = cpuNow();
        spent[stage] += now - at;
        at = now;
      };
      for (const batch of batches) {
        const exchanges = unpackBatch(batch);
        lap('unpack');
        const clean = exchanges.flatMap((e) => {
          const result = fresh(e);
          return result.ok ? [result.exchange] : [];
        });
        lap('redact');
        const rows = clean.map(toRow);
        lap('rows');
        writer.appendRows(rows);
        lap('insert');
      }
      writer.close();
      for (const stage of Object.keys(spent) as (keyof typeof spent)[]) stages[stage].push(spent[stage] / items.length);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, interrupted);
  }
  return stages;
}

function cpuNow(): number {
  const used = process.cpuUsage();
  return used.user + used.system;
}
console.log(`redaction benchmark: ${ROUNDS} rounds, ${COMPILED_FROM === undefined ? 'under the tsx loader' : 'compiled, plain node'}; CPU µs per exchange (median, min)`);
for (const [name, values] of rows) console.log(`  ${name.padEnd(72)} ${median(values).toFixed(1).padStart(7)} ${Math.min(...values).toFixed(1).padStart(7)}`);
const [reference, validatorRedaction] = [rows[0]?.[1] ?? [], rows[1]?.[1] ?? []];
console.log(`  redaction / reference (minimums): ${(Math.min(...validatorRedaction) / Math.min(...reference)).toFixed(2)}×`);
const stages = await storeStages(peersTraffic);
console.log(`\nthe store worker's work on bench:peers traffic, batches of 300; CPU µs per exchange (median, min)`);
for (const [stage, values] of Object.entries(stages)) console.log(`  ${stage.padEnd(72)} ${median(values).toFixed(1).padStart(7)} ${Math.min(...values).toFixed(1).padStart(7)}`);
const total = Object.values(stages).reduce((sum, values) => sum + median(values), 0);
console.log(`  ${'all four (sum of medians)'.padEnd(72)} ${total.toFixed(1).padStart(7)}`);
