import { describe, expect, test } from 'vitest';
import { Histogram } from '../../src/util/histogram.js';
import { replay } from '../../src/replay/runner.js';
import { markdownRenderer } from '../../src/render/markdown.js';
import { junitRenderer } from '../../src/render/junit.js';
import { htmlRenderer } from '../../src/render/html.js';
import { captureWith, exchangeOf } from '../helpers/exchanges.js';
import { startServer } from '../helpers/servers.js';

const KEY = Buffer.from('report-redaction-test-key-0123456789');
const CARD = '4539000000950289';
const CVV = '5832';
const TOKEN = 'sk_live_abcdefghijklmnop';

/** A candidate that answers with card data and a credential of its own, and echoes the request's card. */
async function leakyCandidate(): Promise<string> {
  const server = await startServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const echoed = (JSON.parse(body || '{}') as { card?: { number?: string } }).card?.number ?? '';
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ decision: 'decline', echoed, card: { number: CARD, cvv: CVV }, token: TOKEN, [CARD]: 1 }));
    });
  });
  return server.url;
}

type Report = Awaited<ReturnType<typeof replay>>;
const NO_TIME = { count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
const NO_HISTOGRAM = { ...new Histogram().toJSON() };

// The report's own timings are numbers no traffic wrote, and one can equal the CVV by chance (a
// candidate answered in 5,832 µs once): they are zeroed before the files are scanned.
const withoutTimings = (report: Report): Report => ({
  ...report,
  latency: { ...report.latency, legacy: NO_TIME, candidate: NO_TIME, ratio: { p50: null, p99: null }, throughput: 0, histograms: { legacy: NO_HISTOGRAM, candidate: NO_HISTOGRAM } },
});

const everyFile = (measured: Report) => {
  const report = withoutTimings(measured);
  return [JSON.stringify(report), markdownRenderer.render(report, {}), junitRenderer.render(report, {}), htmlRenderer.render(report, {})].join('\n');
};

describe('what a report quotes of the services is redacted', () => {
  test('a candidate answering with a card, a CVV and a token: none of them reaches report.json, .md, .html or junit.xml', async () => {
    const surrogate = '4539000012345676'; // Luhn-valid: a card by evidence, exempt because it stands in the request
    const capture = captureWith([exchangeOf({ requestBody: Buffer.from(JSON.stringify({ account_id: 'a1', card: { number: surrogate } })) })]);
    const report = await replay({ capture, candidate: new URL(await leakyCandidate()), legacy: 'recorded', order: 'global', partitionKey: '$.account_id', concurrency: 1, timeoutMs: 5_000, redactKey: KEY });
    expect(report.totals.mismatched).toBe(1);
    const text = everyFile(report);
    expect(text).not.toContain(CARD);
    expect(text).not.toMatch(new RegExp(`(?<!\\d)${CVV}(?!\\d)`));
    expect(text).not.toContain(TOKEN);
    // The surrogate in the stored request is echoed back unchanged: request and answer still agree.
    const example = report.groups[0]?.examples[0];
    expect(example?.candidate.body).toContain(`"echoed":"${surrogate}"`);
  });

  test('a capture written without the redaction engine: the example request is redacted too', async () => {
    const capture = captureWith([exchangeOf({ requestBody: Buffer.from(JSON.stringify({ account_id: 'a1', card: { number: CARD, cvv: CVV } })) })], 'old.db', '');
    const report = await replay({ capture, candidate: new URL(await leakyCandidate()), legacy: 'recorded', order: 'global', partitionKey: '$.account_id', concurrency: 1, timeoutMs: 5_000, redactKey: KEY });
    const text = everyFile(report);
    expect(text).not.toContain(CARD);
    expect(text).not.toMatch(new RegExp(`(?<!\\d)${CVV}(?!\\d)`));
  });
});
