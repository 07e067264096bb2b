import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, test } from 'vitest';
import type { CompareOptions } from '../../src/compare/settings.js';
import { replay, type ReplayOptions } from '../../src/replay/runner.js';
import { openCaptureReader } from '../../src/store/index.js';
import { runParity } from '../helpers/cli.js';
import { startRecording } from '../helpers/recording.js';
import { startServer } from '../helpers/servers.js';
import { tmpDir } from '../helpers/tmp.js';

// Parity is not tied to the reference validator: here it records and replays a different JSON
// service (order pricing) whose decision, codes and noise live elsewhere, told by the config.

interface Item {
  readonly sku: string;
  readonly qty: number;
  readonly unit: number;
}

interface Build {
  /** Orders above this total are rejected. */
  readonly limit: number;
  /** The rewrite lists lines in reverse and sums the taxed lines instead of taxing the sum. */
  readonly rewrite: boolean;
}

const TAX = 1.0825;
const LEGACY: Build = { limit: 200, rewrite: false };

/** POST /orders/:id/quote → outcome, issues, total (unrounded), lines, and the wall clock. */
function pricingService(build: Build) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method !== 'POST' || !/^\/orders\/\d+\/quote$/.test(req.url ?? '')) return send(404, { error: 'not found' });
      let order: { customer?: string; items?: Item[] };
      try {
        order = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof order;
      } catch {
        return send(400, { error: 'malformed JSON' });
      }
      const items = order.items ?? [];
      const lines = items.map((i) => ({ sku: i.sku, qty: i.qty, amount: i.qty * i.unit }));
      const total = build.rewrite ? lines.reduce((sum, l) => sum + l.amount * TAX, 0) : lines.reduce((sum, l) => sum + l.amount, 0) * TAX;
      const issues: { id: string }[] = [];
      if (items.length === 0) issues.push({ id: 'ORDER_EMPTY' });
      if (items.some((i) => i.qty <= 0)) issues.push({ id: 'QTY_INVALID' });
      if (total > build.limit) issues.push({ id: 'OVER_LIMIT' });
      const rejected = issues.length > 0;
      if (items.some((i) => i.qty >= 10)) issues.push({ id: 'BULK_PRICING' }); // informational only
      send(200, {
        outcome: { status: rejected ? 'rejected' : 'accepted' },
        issues,
        total,
        lines: build.rewrite ? [...lines].reverse() : lines,
        quoted_at: new Date().toISOString(),
      });
    });
  };
}

/** Deterministic orders: several lines each, totals spread from a few to a few hundred. */
function orders(): { id: number; body: { customer: string; items: Item[] } }[] {
  const skus = ['apple', 'bread', 'cheese', 'dates', 'eggs', 'flour'];
  return Array.from({ length: 40 }, (_, n) => ({
    id: 1_000 + n,
    body: {
      customer: `cust-${n % 7}`,
      items: Array.from({ length: 1 + (n % 4) }, (_, k) => ({
        sku: skus[(n + k) % skus.length]!,
        qty: n === 13 && k === 0 ? 0 : 1 + ((n * 3 + k * 5) % 12),
        unit: Math.round((0.99 + ((n * 7 + k * 11) % 23) * 1.37) * 100) / 100,
      })),
    },
  }));
}

const COMPARE: CompareOptions = {
  decision: '$.outcome.status',
  approveValues: ['accepted'],
  errorCodes: { paths: ['$.issues[*].id'], primary: null },
  ignore: { body: ['$.quoted_at'] },
  normalise: [
    { type: 'round-numbers', path: '$.total', digits: 2 },
    { type: 'unordered', path: '$.lines' },
  ],
};

/** Records every order through the real recording proxy in front of the legacy build. */
async function recordOrders(): Promise<string> {
  const legacy = await startServer(pricingService(LEGACY));
  const { recording, out } = await startRecording(legacy.url);
  for (const { id, body } of orders()) {
    const answer = await request(`${recording.url}/orders/${id}/quote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await answer.body.dump();
    expect(answer.statusCode).toBe(200);
  }
  const summary = await recording.stop('signal');
  expect(summary.capture).toMatchObject({ written: orders().length });
  return out;
}

/** What the legacy build recorded for each order. */
function recordedAnswers(capture: string): { status: string; total: number }[] {
  const reader = openCaptureReader(capture);
  try {
    return [...reader.exchanges()].map((e) => {
      if (e.response.kind !== 'answer') throw new Error(`exchange ${e.seq} has no answer`);
      const body = JSON.parse(Buffer.from(e.response.body).toString('utf8')) as { outcome: { status: string }; total: number };
      return { status: body.outcome.status, total: body.total };
    });
  } finally {
    reader.close();
  }
}

const options = (capture: string, candidate: string, compare: CompareOptions = COMPARE): ReplayOptions => ({
  capture,
  candidate: new URL(candidate),
  legacy: 'recorded',
  compare,
  order: 'key',
  partitionKey: 'path:2',
  concurrency: 8,
  timeoutMs: 5_000,
});

describe('parity replay on another JSON service (order pricing)', () => {
  test('an identical instance: 100% parity once the wall clock is ignored', async () => {
    const capture = await recordOrders();
    const answers = recordedAnswers(capture);
    // The capture holds both outcomes, so the decision path is really being read.
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set(['accepted', 'rejected']));
    const twin = await startServer(pricingService(LEGACY));

    const report = await replay(options(capture, twin.url));
    expect(report.totals).toMatchObject({ compared: orders().length, mismatched: 0, parityPercent: 100 });
    expect(report.endpoints).toEqual([{ endpoint: 'POST /orders/:id/quote', total: orders().length, matched: orders().length, parityPercent: 100 }]);
    expect(report.decisions.map((d) => `${d.legacy}→${d.candidate}`).sort()).toEqual(['accepted→accepted', 'rejected→rejected']);
    expect(report.run.partitionKey).toBe('path:2');

    // Without the ignore rule the wall clock is a body difference on every exchange.
    const strict = await replay(options(capture, twin.url, { ...COMPARE, ignore: {} }));
    expect(strict.categories.body).toBe(orders().length);
    expect(strict.groups.map((g) => g.signature).sort()).toEqual([
      'body POST /orders/:id/quote accepted→accepted $.quoted_at',
      'body POST /orders/:id/quote rejected→rejected $.quoted_at',
    ]);
  });

  test('a rewrite with a lower limit: its new rejections are decision mismatches; reordered lines and float noise are not reported', async () => {
    const capture = await recordOrders();
    const rewrite = await startServer(pricingService({ limit: 150, rewrite: true }));
    const answers = recordedAnswers(capture);
    const newlyRejected = answers.filter((a) => a.status === 'accepted' && a.total > 150).length;
    expect(newlyRejected).toBeGreaterThan(0);

    const report = await replay(options(capture, rewrite.url));
    expect(report.categories).toEqual({ transport: 0, decision: newlyRejected, error_codes: 0, status: 0, body: 0, match: orders().length - newlyRejected });
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]).toMatchObject({
      signature: 'decision POST /orders/:id/quote accepted→rejected +OVER_LIMIT',
      category: 'decision',
      severity: 'high',
      legacyDecision: 'accepted',
      candidateDecision: 'rejected',
      codesAdded: ['OVER_LIMIT'],
      codesRemoved: [],
      count: newlyRejected,
    });

    // The normalisers are what keep the reordering and the float noise out: without them, both show.
    const raw = await replay(options(capture, rewrite.url, { ...COMPARE, normalise: [] }));
    const paths = new Set(raw.groups.filter((g) => g.category === 'body').flatMap((g) => g.bodyPaths));
    expect([...paths].filter((p) => p.startsWith('$.lines[*]'))).not.toEqual([]);
    expect(paths).toContain('$.total');
    expect(raw.categories.decision).toBe(newlyRejected);
  });

  test('through the CLI with a config file: the summary names the decision group', async () => {
    const capture = await recordOrders();
    const rewrite = await startServer(pricingService({ limit: 150, rewrite: true }));
    const newlyRejected = recordedAnswers(capture).filter((a) => a.status === 'accepted' && a.total > 150).length;
    const dir = tmpDir();
    const config = join(dir, 'parity.config.json');
    writeFileSync(config, JSON.stringify({ replay: { partitionKey: 'path:2', concurrency: 4 }, compare: COMPARE }));
    const out = join(dir, 'report');

    const { code, stdout, stderr } = await runParity(['replay', capture, '--config', config, '--candidate', rewrite.url, '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const total = orders().length;
    const percent = Math.floor(((total - newlyRejected) / total) * 10_000) / 100;
    expect(stdout.split('\n')[0]).toBe(`MISMATCHES: ${percent}% of ${total} exchanges match (${newlyRejected} differ)`);
    expect(stdout).toContain(`by category  transport 0 · decision ${newlyRejected} · error_codes 0 · status 0 · body 0`);
    expect(stdout).toMatch(/\[\w+\] decision POST \/orders\/:id\/quote accepted→rejected \+OVER_LIMIT\n/);
    expect(stdout).toContain(`report       ${join(out, 'report.json')}`);
  });
});
