import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runParity } from '../../helpers/cli.js';
import { captureWith, exchangeOf } from '../../helpers/exchanges.js';
import { tmpDir } from '../../helpers/tmp.js';

const sample = () => captureWith([exchangeOf(), exchangeOf({ method: 'GET', path: '/healthz', response: { kind: 'no-answer', error: 'ECONNRESET', latencyUs: 3 } })]);

describe('parity export', () => {
  test('writes JSON Lines to stdout by default, the summary to stderr', async () => {
    const { code, stdout, stderr } = await runParity(['export', sample()]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('{"parity_export":1,"redacted":true}');
    expect(lines.slice(1).map((l) => (JSON.parse(l) as { path: string }).path)).toEqual(['/v1/payments/validate', '/healthz']);
    expect(stderr).toMatch(/^exported 2 exchanges from .*test\.db as jsonl to stdout \(\d[\d,]* bytes\)\n$/);
  });

  test('--out - is stdout too', async () => {
    const { code, stdout } = await runParity(['export', sample(), '--out', '-']);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toHaveLength(4);
  });

  test('--format har --out FILE writes a HAR file with mode 0600 and prints the summary', async () => {
    const out = join(tmpDir(), 'x.har');
    const { code, stdout } = await runParity(['export', sample(), '--format', 'har', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^exported 2 exchanges from .* as har to .*x\.har/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { log: { entries: unknown[] } }).log.entries).toHaveLength(2);
  });

  test('--json with --out prints one JSON document', async () => {
    const out = join(tmpDir(), 'x.jsonl');
    const { code, stdout } = await runParity(['export', sample(), '--out', out, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ exchanges: 2, format: 'jsonl', out });
  });

  test('--json without --out is a usage error (stdout carries the export)', async () => {
    const { code, stdout, stderr } = await runParity(['export', sample(), '--json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('--json needs --out FILE');
  });

  test('an existing --out → exit 2, file untouched', async () => {
    const out = join(tmpDir(), 'x.jsonl');
    writeFileSync(out, 'precious');
    const { code, stderr } = await runParity(['export', sample(), '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^parity: export file already exists: .*x\.jsonl\nhint: /);
    expect(readFileSync(out, 'utf8')).toBe('precious');
  });

  test('a missing capture → exit 2 with a clear message, no stack', async () => {
    const { code, stderr, stdout } = await runParity(['export', join(tmpDir(), 'missing.db')]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^parity: capture file not found: .*missing\.db\nhint: /);
    expect(stderr).not.toMatch(/\bat .*\(/);
  });

  test('a file that is not a capture → exit 2', async () => {
    const file = join(tmpDir(), 'x.db');
    writeFileSync(file, 'hello');
    const { code, stderr } = await runParity(['export', file]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/is not a Parity capture/);
  });

  test('an unknown format is a usage error naming the choices', async () => {
    const { code, stderr } = await runParity(['export', sample(), '--format', 'csv']);
    expect(code).toBe(2);
    expect(stderr).toContain("argument 'csv' is invalid");
    expect(stderr).toContain('jsonl, har');
  });
});
