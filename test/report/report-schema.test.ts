import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, test } from 'vitest';
import type { NewExchange } from '../../src/core/exchange.js';
import type { ReportV1 } from '../../src/report/model.js';
import { replay } from '../../src/replay/runner.js';
import { captureWith, exchangeOf } from '../helpers/exchanges.js';
import { startServer } from '../helpers/servers.js';

// The README documents the report JSON with one example listing every key. This test keeps that
// example and real reports in step, both ways, so neither can drift from the other.

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Values below these paths are free-form (histogram buckets, the run's settings): not compared. */
const OPAQUE = new Set(['latency.histograms', 'settings']);

/**
 * Every key path of a JSON value: `totals.compared`, `groups[].examples[].diff`. Arrays are
 * walked element by element (a key in any element counts: optional keys such as an example's
 * `error` show up in some elements only).
 */
function keyPaths(value: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) keyPaths(item, `${prefix}[]`, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.add(path);
      if (!OPAQUE.has(path)) keyPaths(child, path, out);
    }
  }
  return out;
}

/** JSON with comments (`//`, `/* *\/`) and trailing commas, as the README writes it. */
function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 1;
      if (i === 0) throw new Error('unterminated /* comment');
    } else if (c === ',' && /^\s*[}\]]/.test(text.slice(i + 1))) {
      // a trailing comma: dropped
    } else {
      out += c;
    }
  }
  return JSON.parse(out);
}

/** The ```jsonc block of the README's "### The report JSON" section. */
function readmeExample(): unknown {
  const section = /^### The report JSON\n([\s\S]*?)(?=^##? )/m.exec(README)?.[1];
  if (!section) throw new Error('README.md has no "### The report JSON" section');
  const block = /^```jsonc\n([\s\S]*?)^```/m.exec(section)?.[1];
  if (!block) throw new Error('the "### The report JSON" section has no ```jsonc block');
  return parseJsonc(block);
}

const json = (body: unknown) => Buffer.from(JSON.stringify(body));
const answer = (decision: string, codes: string[], requestId: string) => ({
  decision,
  reason_code: codes[0] ?? null,
  errors: codes.map((code) => ({ code })),
  request_id: requestId,
});

/**
 * A small replay that fills every part of the report: a match, a decision group, a candidate that
 * drops the connection and a legacy that had failed at record time (transport, with `error`), a
 * skipped exchange, noise from a secondary, and a shard.
 */
async function fullReport(): Promise<ReportV1> {
  const payment = (tx: string, account: string) => json({ transaction_id: tx, account_id: account, amount: 100 });
  const recorded = (tx: string, body: unknown): NewExchange['response'] => ({ kind: 'answer', status: 200, headers: [['content-type', 'application/json']], body: json(body), truncated: false, latencyUs: 900 + tx.length });
  const legacyAnswers: Record<string, ReturnType<typeof answer>> = {
    'tx-1': answer('approve', [], 'legacy-1'),
    'tx-2': answer('decline', ['INSUFFICIENT_FUNDS'], 'legacy-2'),
    'tx-3': answer('approve', [], 'legacy-3'),
    'tx-4': answer('approve', [], 'legacy-4'),
  };
  const capture = captureWith([
    ...['tx-1', 'tx-2', 'tx-3'].map((tx, i) => exchangeOf({ requestBody: payment(tx, `ACC-${i}`), response: recorded(tx, legacyAnswers[tx]) })),
    exchangeOf({ requestBody: payment('tx-4', 'ACC-3'), response: { kind: 'no-answer', error: 'ECONNRESET', latencyUs: 1_200 } }),
    exchangeOf({ requestBody: payment('tx-5', 'ACC-4'), requestTruncated: true }),
  ]);
  const service = (name: string, change: (tx: string, res: ServerResponse) => boolean) => (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const tx = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { transaction_id: string }).transaction_id;
      if (change(tx, res)) return;
      const legacy = legacyAnswers[tx] ?? answer('approve', [], '');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...legacy, request_id: `${name}-${tx}` }));
    });
  };
  const candidate = await startServer(
    service('candidate', (tx, res) => {
      if (tx === 'tx-2') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer('approve', [], 'candidate-2')));
      else if (tx === 'tx-3') res.destroy();
      else return false;
      return true;
    }),
  );
  const secondary = await startServer(service('secondary', () => false));
  return replay({
    capture,
    candidate: new URL(candidate.url),
    legacy: 'recorded',
    secondary: new URL(secondary.url),
    compare: { ignore: { headers: ['date'] } },
    order: 'key',
    partitionKey: '$.account_id',
    concurrency: 4,
    timeoutMs: 2_000,
    shard: { index: 1, count: 1 },
    configFile: { path: 'parity.config.json', sha256: 'c'.repeat(64) },
  });
}

describe('the report JSON documented in the README', () => {
  test('the replay behind this test fills every part of the report', async () => {
    const report = await fullReport();
    expect(report.totals).toMatchObject({ exchanges: 5, compared: 4, matched: 1, skipped: { 'request body truncated at record time': 1 } });
    expect(report.categories).toMatchObject({ transport: 2, decision: 1, match: 1 });
    const examples = report.groups.flatMap((g) => g.examples);
    expect(examples.some((e) => e.legacy.error !== undefined)).toBe(true);
    expect(examples.some((e) => e.candidate.error !== undefined)).toBe(true);
    expect(report.noise.map((n) => n.path)).toContain('$.request_id');
    expect(report.run.shard).toEqual({ index: 1, count: 1 });
  });

  test('every key of a real report is in the README example, and every key of the example is in a real report', async () => {
    const report = JSON.parse(JSON.stringify(await fullReport())) as unknown;
    const real = keyPaths(report);
    const documented = keyPaths(readmeExample());
    expect(real.size).toBeGreaterThan(60);
    expect([...real].filter((p) => !documented.has(p)), 'in the report but not in the README').toEqual([]);
    expect([...documented].filter((p) => !real.has(p)), 'in the README but not in a report').toEqual([]);
  });

  test('the comparison can fail: a key missing on either side is named', () => {
    const documented = keyPaths({ totals: { compared: 1 }, groups: [{ examples: [{ seq: 1 }] }], settings: { anything: 1 } });
    expect([...documented].sort()).toEqual(['groups', 'groups[].examples', 'groups[].examples[].seq', 'settings', 'totals', 'totals.compared']);
    expect(parseJsonc('{\n  // a comment with "quotes" and a URL http://x\n  "a": "http://y", /* block */ "b": [1, 2,],\n}')).toEqual({ a: 'http://y', b: [1, 2] });
  });
});
