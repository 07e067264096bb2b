import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runParity } from '../../helpers/cli.js';
import { captureWith, exchangeOf } from '../../helpers/exchanges.js';
import { tmpDir } from '../../helpers/tmp.js';
import { SCHEMA_VERSION } from '../../../src/store/schema.js';

const answer = (decision: string, status = 200) =>
  ({ kind: 'answer', status, headers: [], body: Buffer.from(JSON.stringify({ decision })), truncated: false, latencyUs: 10 }) as const;

function sampleCapture(): string {
  return captureWith([
    exchangeOf({ recordedAt: Date.UTC(2026, 10, 23, 10), response: answer('approve') }),
    exchangeOf({ recordedAt: Date.UTC(2026, 10, 23, 11), response: answer('decline') }),
    exchangeOf({ recordedAt: Date.UTC(2026, 10, 23, 12), response: answer('approve') }),
    exchangeOf({ recordedAt: Date.UTC(2026, 10, 23, 13), method: 'GET', path: '/healthz', response: { kind: 'no-answer', error: 'ECONNRESET', latencyUs: 3 } }),
  ]);
}

describe('parity captures info', () => {
  test('prints exchanges, span, endpoints, status and decision mix', async () => {
    const file = sampleCapture();
    const { code, stdout } = await runParity(['captures', 'info', file]);
    expect(code).toBe(0);
    expect(stdout).toContain(`format v${SCHEMA_VERSION}, test by parity test`);
    expect(stdout).toContain('exchanges  4 from 2026-11-23T10:00:00.000Z to 2026-11-23T13:00:00.000Z (3.0 h)');
    expect(stdout).toMatch(/3 {2}POST {3}\/v1\/payments\/validate/);
    expect(stdout).toContain('status     200 ×3');
    expect(stdout).toContain('decisions  approve ×2 · decline ×1');
    expect(stdout).toContain('1 upstream errors');
  });

  test('--json prints one JSON document and nothing else', async () => {
    const { code, stdout } = await runParity(['captures', 'info', sampleCapture(), '--json']);
    expect(code).toBe(0);
    const info = JSON.parse(stdout) as { exchanges: number; decisions: unknown; sizeBytes: number };
    expect(info.exchanges).toBe(4);
    expect(info.decisions).toEqual([
      { name: 'approve', count: 2 },
      { name: 'decline', count: 1 },
    ]);
    expect(info.sizeBytes).toBeGreaterThan(0);
  });

  test('an empty capture is fine', async () => {
    const { code, stdout } = await runParity(['captures', 'info', captureWith([])]);
    expect(code).toBe(0);
    expect(stdout).toContain('exchanges  0\n');
  });

  test.each([
    ['a missing file', () => join(tmpDir(), 'missing.db'), /^parity: capture file not found: .*missing\.db\nhint: /],
    ['a text file', () => { const f = join(tmpDir(), 'x.db'); writeFileSync(f, 'hello'); return f; }, /^parity: .*x\.db is not a Parity capture/],
  ])('%s → exit 2, one line and a hint, no stack', async (_name, makeFile, message) => {
    const { code, stderr, stdout } = await runParity(['captures', 'info', makeFile()]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\bat .*\(/);
  });

  test('no file argument is a usage error', async () => {
    const { code, stderr } = await runParity(['captures', 'info']);
    expect(code).toBe(2);
    expect(stderr).toContain("missing required argument 'file'");
  });
});
