import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importFile } from '../../src/import/import-file.js';
import { replay } from '../../src/replay/runner.js';
import { FIXTURES } from '../helpers/import.js';
import { startServer } from '../helpers/servers.js';
import { tmpDir } from '../helpers/tmp.js';

const KEY = Buffer.from('gor-request-only-replay-key-0123456789');

describe('a capture imported from a request-only GoReplay file', () => {
  test('imports with each exchange flagged and counted', async () => {
    const out = join(tmpDir(), 'requests.db');
    const result = await importFile({ format: 'gor', input: `${FIXTURES}gor-request-only.gor`, out, key: KEY, createdBy: 'test' });
    expect(result).toMatchObject({ imported: 3, skipped: 0 });
    expect(result.flagged).toEqual([{ reason: 'response-not-recorded: response not recorded: replay these with --legacy URL', count: 3, firstLocation: 'payload 1 at byte 0' }]);
  });

  test('replays against a live legacy (--legacy URL): every request is sent to both sides and compared', async () => {
    const out = join(tmpDir(), 'requests.db');
    await importFile({ format: 'gor', input: `${FIXTURES}gor-request-only.gor`, out, key: KEY, createdBy: 'test' });
    const seen: string[] = [];
    const answer = (side: string) => (req: { method?: string; url?: string }, res: import('node:http').ServerResponse) => {
      seen.push(`${side} ${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url, side: req.url === '/v1/items/42' ? side : 'same' }));
    };
    const [legacy, candidate] = await Promise.all([startServer(answer('legacy')), startServer(answer('candidate'))]);
    const report = await replay({ capture: out, legacy: new URL(legacy.url), candidate: new URL(candidate.url), order: 'global', partitionKey: 'header:host', concurrency: 1, timeoutMs: 5_000 });
    expect(seen.sort()).toEqual(['candidate GET /healthz', 'candidate GET /v1/items/42', 'candidate GET /v1/status?verbose=1', 'legacy GET /healthz', 'legacy GET /v1/items/42', 'legacy GET /v1/status?verbose=1']);
    expect(report.totals.compared).toBe(3);
    expect(report.totals.mismatched).toBe(1);
  });

  test('without a live legacy, nothing is sent: each exchange is skipped with the reason and what to do', async () => {
    const out = join(tmpDir(), 'requests.db');
    await importFile({ format: 'gor', input: `${FIXTURES}gor-request-only.gor`, out, key: KEY, createdBy: 'test' });
    let sent = 0;
    const candidate = await startServer((_req, res) => {
      sent++;
      res.end('{}');
    });
    const report = await replay({ capture: out, legacy: 'recorded', candidate: new URL(candidate.url), order: 'global', partitionKey: 'header:host', concurrency: 1, timeoutMs: 5_000 });
    expect(sent).toBe(0);
    expect(report.totals.compared).toBe(0);
    expect(report.totals.skipped).toEqual({ 'no recorded answer (a request-only import): replay with --legacy URL': 3 });
  });
});
