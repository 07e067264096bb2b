import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { replay, type ReplayOptions } from '../../src/replay/runner.js';
import { generatedCapture } from '../helpers/generated-capture.js';
import { listenOn } from '../helpers/listen.js';
import { validatorReplay } from '../helpers/replay-options.js';
import { startValidator } from '../helpers/validator-server.js';

let capture: string;
let remove = () => {};

beforeAll(async () => {
  ({ path: capture, remove } = await generatedCapture(600));
}, 60_000);
afterAll(() => remove());

const base = (candidate: string): ReplayOptions => validatorReplay(capture, candidate, { concurrency: 8 });

describe('parity replay', () => {
  test('the same validator as candidate against recorded answers: every exchange matches', async () => {
    const candidate = await startValidator();
    const report = await replay(base(candidate.url));
    expect(report.totals.compared).toBe(600);
    expect(report.groups).toEqual([]);
    expect(report.totals.parityPercent).toBe(100);
    expect(report.run.capture.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a live legacy and a secondary with no ignore rules: noise is found and excluded', async () => {
    const [legacy, candidate, secondary] = await Promise.all([startValidator(), startValidator(), startValidator()]);
    const report = await replay({ ...base(candidate.url), legacy: new URL(legacy.url), secondary: new URL(secondary.url), compare: {} });
    expect(report.totals.mismatched).toBe(0);
    expect(report.noise.filter((n) => n.excluded).map((n) => n.path).sort()).toEqual(['$.processed_at', '$.request_id']);
  });

  test('a mutated candidate is caught: the top group names the decision change', async () => {
    const candidate = await startValidator({ mutation: 'merchant-category-dropped' });
    const report = await replay(base(candidate.url));
    expect(report.categories.decision).toBeGreaterThan(0);
    const top = report.groups[0]!;
    expect(top).toMatchObject({ category: 'decision', severity: 'critical', legacyDecision: 'decline', candidateDecision: 'approve' });
    expect(top.codesRemoved).toContain('MERCHANT_CATEGORY_BLOCKED');
    expect(top.examples.length).toBeGreaterThan(0);
    expect(top.examples[0]!.diff).toContain('MERCHANT_CATEGORY_BLOCKED');
  });

  test('--order none shows spurious mismatches on stateful traffic that --order key removes', async () => {
    // Network jitter before the service: one request in ten reaches it 40 ms late. Free requests
    // of one account then overtake each other; per-account lanes wait their turn.
    const jittery = async () => {
      const validator = await startValidator();
      let requests = 0;
      const front = await listenOn((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
          const forward = () =>
            void fetch(validator.url + req.url, { method: req.method, headers: { 'content-type': req.headers['content-type'] ?? 'application/json' }, ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}) })
              .then(async (answer) => res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' }).end(Buffer.from(await answer.arrayBuffer())))
              .catch(() => res.destroy());
          if (req.url === '/admin/reset' || ++requests % 10 !== 0) forward();
          else setTimeout(forward, 40);
        });
      });
      onTestFinished(() => front.close());
      return front.url;
    };
    const keyed = await replay(base(await jittery()));
    const unordered = await replay({ ...base(await jittery()), order: 'none', concurrency: 32 });
    expect(keyed.totals.mismatched).toBe(0);
    expect(unordered.totals.mismatched).toBeGreaterThan(0);
  }, 30_000);

  test('aborted mid-run: the replay stops, closes the capture and its connections, and reports what it compared', async () => {
    const candidate = await startValidator();
    const abort = new AbortController();
    const report = await replay({
      ...base(candidate.url),
      rate: 200,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.done >= 20) abort.abort();
      },
    });
    expect(report.run.interrupted).toBe(true);
    expect(report.totals.compared).toBeGreaterThan(0);
    expect(report.totals.compared).toBeLessThan(600);
  });

  test('a candidate that is down: every exchange is transport, the run completes', async () => {
    const gone = await startValidator();
    await gone.close();
    const report = await replay({ ...base(gone.url), resetPath: undefined, limit: 50 } as ReplayOptions);
    expect(report.totals.compared).toBe(50);
    expect(report.categories.transport).toBe(50);
    expect(report.groups[0]?.category).toBe('transport');
    // The 50th failure in a row came with the last exchange: nothing was left to stop.
    expect(report.run.interrupted).toBe(false);
    expect(report.run.unreachable).toBeUndefined();
  });

  test('a candidate that is down past maxConsecutiveFailures: the library gets the partial report, marked and naming the side', async () => {
    const gone = await startValidator();
    await gone.close();
    const report = await replay({ ...base(gone.url), resetPath: undefined, maxConsecutiveFailures: 20 } as ReplayOptions);
    expect(report.run.interrupted).toBe(true);
    expect(report.run.unreachable).toEqual({ side: 'candidate', url: `${gone.url}/`, consecutiveFailures: 20, lastError: 'ECONNREFUSED' });
    expect(report.totals.compared).toBeGreaterThanOrEqual(20);
    expect(report.totals.compared).toBeLessThan(600);
    expect(report.settings['maxConsecutiveFailures']).toBe(20);
  });

  test.each(['legacy', 'secondary'] as const)('a live %s that is down stops the run and is named, while the candidate answers', async (side) => {
    const [candidate, up, gone] = await Promise.all([startValidator(), startValidator(), startValidator()]);
    await gone.close();
    const sides = side === 'legacy' ? { legacy: new URL(gone.url) } : { legacy: new URL(up.url), secondary: new URL(gone.url) };
    const report = await replay({ ...base(candidate.url), ...sides, resetPath: undefined, maxConsecutiveFailures: 20 } as ReplayOptions);
    expect(report.run.interrupted).toBe(true);
    expect(report.run.unreachable).toEqual({ side, url: `${gone.url}/`, consecutiveFailures: 20, lastError: 'ECONNREFUSED' });
    expect(report.totals.compared).toBeLessThan(600);
  });
});
