import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ReportV1 } from '../../src/report/model.js';
import { parsePartitionKey } from '../../src/replay/partition.js';
import { replay, type ReplayOptions } from '../../src/replay/runner.js';
import { shardOf } from '../../src/replay/shard.js';
import { openCaptureReader } from '../../src/store/index.js';
import { captureWith, exchangeOf } from '../helpers/exchanges.js';
import { generatedCapture } from '../helpers/generated-capture.js';
import { startServer } from '../helpers/servers.js';
import { validatorReplay } from '../helpers/replay-options.js';
import { startValidator } from '../helpers/validator-server.js';

const COUNT = 1_000;
let capture: string;
let remove = () => {};

beforeAll(async () => {
  // Account-local traffic: `--order key` by account replays it exactly (see accountLocal).
  ({ path: capture, remove } = await generatedCapture(COUNT, 23));
}, 60_000);
afterAll(() => remove());

const options = (candidate: string, overrides: Partial<ReplayOptions> = {}): ReplayOptions => validatorReplay(capture, candidate, overrides);

/** The decision matrix as `legacy→candidate` → count, independent of row order. */
const matrix = (r: ReportV1) => Object.fromEntries(r.decisions.map((d) => [`${d.legacy}→${d.candidate}`, d.count]));

describe('parity replay modes', () => {
  test('recorded legacy and a live legacy agree on a fresh capture against the same clean candidate', async () => {
    const [legacy, candidate] = await Promise.all([startValidator(), startValidator()]);
    const recorded = await replay(options(candidate.url));
    const live = await replay(options(candidate.url, { legacy: new URL(legacy.url) }));
    for (const report of [recorded, live]) {
      expect(report.totals).toMatchObject({ compared: COUNT, mismatched: 0, parityPercent: 100 });
      expect(report.groups).toEqual([]);
    }
    expect(recorded.latency.legacySource).toBe('recorded');
    expect(live.latency.legacySource).toBe('live');
    expect(live.run.legacy).toBe(new URL(legacy.url).href);
    expect(matrix(live)).toEqual(matrix(recorded));
    // The matrix is the real mix, not one cell: approvals, declines and reviews all came back.
    expect(Object.keys(matrix(recorded))).toEqual(expect.arrayContaining(['approve→approve', 'decline→decline', 'review→review']));
    expect(Object.values(matrix(recorded)).reduce((a, b) => a + b, 0)).toBe(COUNT);
  });

  test('a candidate slower than the timeout: every exchange is transport, timed out, and the run does not wait for it', async () => {
    const delayMs = 1_000;
    const timeoutMs = 200;
    const count = 8;
    const slow = await startServer((_req: IncomingMessage, res: ServerResponse) => {
      const timer = setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"decision":"approve","errors":[]}'), delayMs);
      res.on('close', () => clearTimeout(timer));
    });
    const small = captureWith(
      Array.from({ length: count }, (_, i) => exchangeOf({ requestBody: Buffer.from(JSON.stringify({ transaction_id: `tx-${i}`, account_id: `ACC-${i}`, amount: 100 })) })),
    );
    const began = performance.now();
    const report = await replay({ ...options(slow.url), capture: small, timeoutMs, concurrency: count, resetPath: undefined } as ReplayOptions);
    const elapsed = performance.now() - began;
    expect(report.totals.compared).toBe(count);
    expect(report.categories.transport).toBe(count);
    expect(report.groups).toHaveLength(1);
    const group = report.groups[0]!;
    expect(group).toMatchObject({ category: 'transport', count, legacyDecision: 'approve', candidateDecision: null });
    expect(group.examples.length).toBeGreaterThan(0);
    for (const example of group.examples) {
      expect(example.candidate.status).toBeNull();
      expect(example.candidate.error).toMatch(/timeout/);
      expect(example.legacy.status).toBe(200);
    }
    // Concurrent timeouts: about one timeout in all, not one delay (or one timeout) per exchange.
    expect(elapsed).toBeLessThan(delayMs);
    expect(report.latency.candidate.count).toBe(0);
  });

  test('three shards replay every exchange exactly once, each partition in exactly one shard', async () => {
    const validator = await startValidator();
    // A pass-through in front of the validator that notes which shard sent each request body.
    let shard = 0;
    const seen: { shard: number; body: string }[] = [];
    const tee = await startServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        if (req.url !== '/admin/reset') seen.push({ shard, body: body.toString('utf8') });
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)));
        request(`${validator.url}${req.url}`, { method: req.method as 'POST', headers: headers as Record<string, string>, body: body.length > 0 ? body : null })
          .then(async (answer) => {
            const text = Buffer.from(await answer.body.arrayBuffer());
            res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'application/json') }).end(text);
          })
          .catch(() => res.destroy());
      });
    });

    const whole = await replay(options(validator.url));
    const shards: ReportV1[] = [];
    for (const index of [1, 2, 3]) {
      shard = index;
      shards.push(await replay(options(tee.url, { shard: { index, count: 3 } })));
    }

    // Counts: the shards add up to the whole run, category by category and cell by cell.
    expect(whole.totals.compared).toBe(COUNT);
    expect(shards.map((r) => r.totals.compared).reduce((a, b) => a + b, 0)).toBe(whole.totals.compared);
    for (const r of shards) {
      expect(r.totals.compared).toBeGreaterThan(0);
      expect(r.totals.mismatched).toBe(0);
      expect(r.run.shard).toEqual({ index: shards.indexOf(r) + 1, count: 3 });
    }
    const sum = (pick: (r: ReportV1) => Record<string, number>) => {
      const total: Record<string, number> = {};
      for (const r of shards) for (const [k, v] of Object.entries(pick(r))) total[k] = (total[k] ?? 0) + v;
      return total;
    };
    expect(sum((r) => r.categories)).toEqual({ ...whole.categories });
    expect(sum(matrix)).toEqual(matrix(whole));

    // What each shard actually sent: the capture's request bodies, each exactly once in all.
    const reader = openCaptureReader(capture);
    const partitionOf = parsePartitionKey('$.account_id');
    const expected: { shard: number; body: string }[] = [];
    try {
      for (const e of reader.exchanges()) expected.push({ shard: shardOf(partitionOf(e) ?? `#${e.seq}`, 3), body: Buffer.from(e.requestBody).toString('utf8') });
    } finally {
      reader.close();
    }
    const key = (x: { shard: number; body: string }) => `${x.shard} ${x.body}`;
    expect(seen.map(key).sort()).toEqual(expected.map(key).sort());
    for (const index of [1, 2, 3]) expect(shards[index - 1]!.totals.compared).toBe(expected.filter((x) => x.shard === index).length);

    // Every account's requests went to one shard only.
    const shardsOfAccount = new Map<string, Set<number>>();
    for (const { shard: s, body } of seen) {
      const account = partitionOf({ ...exchangeOf({ requestBody: Buffer.from(body) }), seq: 0 });
      if (account === undefined) continue;
      shardsOfAccount.set(account, (shardsOfAccount.get(account) ?? new Set()).add(s));
    }
    expect(shardsOfAccount.size).toBeGreaterThan(30);
    expect([...shardsOfAccount].filter(([, s]) => s.size !== 1)).toEqual([]);
    expect(new Set([...shardsOfAccount.values()].map((s) => [...s][0])).size).toBe(3);
  });

  test('--order global replays one at a time and matches too', async () => {
    const candidate = await startValidator();
    const report = await replay(options(candidate.url, { order: 'global', limit: 300 }));
    expect(report.run).toMatchObject({ order: 'global', partitionKey: null });
    expect(report.totals).toMatchObject({ compared: 300, mismatched: 0, parityPercent: 100 });
  });
});
