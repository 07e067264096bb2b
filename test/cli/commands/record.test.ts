import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../../src/cli/program.js';
import { openCaptureReader } from '../../../src/store/index.js';
import { runParity } from '../../helpers/cli.js';
import { captureWith } from '../../helpers/exchanges.js';
import { fakeIo } from '../../helpers/io.js';
import { tmpDir } from '../../helpers/tmp.js';
import { startValidator } from '../../helpers/validator-server.js';

const KEY_ENV = { PARITY_REDACT_KEY: 'cli-record-test-key-0123456789' };
const approve = await readFile(new URL('../../fixtures/validator/payments/approve.json', import.meta.url), 'utf8');

describe('parity record', () => {
  test('records until --limit, prints a summary, exit 0', async () => {
    const validator = await startValidator();
    const out = join(tmpDir(), 'rec.db');
    const io = fakeIo(KEY_ENV);
    const running = runCli(['node', 'parity', 'record', '--target', validator.url, '--listen', '127.0.0.1:0', '--out', out, '--limit', '2'], io);
    const url = await waitFor(() => /recording (http:\/\/\S+)/.exec(io.err())?.[1]);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${url}/v1/payments/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: approve.replace('tx-readme-0001', `tx-${i}`) });
      expect(res.status).toBe(200);
    }
    expect(await running).toBe(0);
    expect(io.out()).toContain(`recorded 2 exchanges into ${out}`);
    expect(io.out()).toContain('(stopped by limit)');
    expect(io.err()).not.toContain('PARITY_REDACT_KEY is not set');
    const reader = openCaptureReader(out);
    expect(reader.count()).toBe(2);
    reader.close();
  });

  test('Ctrl-C stops cleanly and --json prints one document', async () => {
    const validator = await startValidator();
    const out = join(tmpDir(), 'rec.db');
    const io = fakeIo({});
    const running = runCli(['node', 'parity', 'record', '--target', validator.url, '--listen', '0', '--out', out, '--json'], io);
    await waitFor(() => /recording (http:\/\/\S+)/.exec(io.err())?.[1]);
    expect(io.err()).toContain('warning: PARITY_REDACT_KEY is not set');
    io.interrupt();
    expect(await running).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ out, stoppedBy: 'signal', capture: { written: 0, dropped: 0 } });
  });

  test.each([
    [[], "required option '--target <url>' not specified"],
    [['--target', 'localhost:8080'], "option '--target <url>' argument 'localhost:8080' is invalid"],
    [['--target', 'ftp://x'], 'expected an http:// or https:// URL'],
    [['--target', 'http://127.0.0.1:1', '--listen', 'x:y'], "option '--listen <host:port>' argument 'x:y' is invalid"],
    [['--target', 'http://127.0.0.1:1', '--sample', '1.5'], "option '--sample <share>' argument '1.5' is invalid"],
    [['--target', 'http://127.0.0.1:1', '--duration', '10 minutes'], "option '--duration <time>' argument '10 minutes' is invalid"],
    [['--target', 'http://127.0.0.1:1', '--max-body', 'lots'], "option '--max-body <size>' argument 'lots' is invalid"],
    [['--target', 'http://127.0.0.1:1', '--limit', '0'], "option '--limit <n>' argument '0' is invalid"],
  ])('bad usage %j → exit 2', async (args, message) => {
    const { code, stderr } = await runParity(['record', ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  test('an existing --out is never overwritten: exit 2, the capture untouched', async () => {
    const existing = captureWith([]);
    const before = await readFile(existing);
    const { code, stderr } = await runParity(['record', '--target', 'http://127.0.0.1:1', '--listen', '0', '--out', existing], KEY_ENV);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^parity: capture file already exists: /);
    expect((await readFile(existing)).equals(before)).toBe(true);
  });

  test('a port already taken → exit 1, and no empty capture left behind to block the retry', async () => {
    const validator = await startValidator();
    const taken = new URL(validator.url);
    const out = join(tmpDir(), 'rec.db');
    const refused = await runParity(['record', '--target', validator.url, '--listen', `127.0.0.1:${taken.port}`, '--out', out], KEY_ENV);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('parity: ');
    expect(existsSync(out)).toBe(false);
    const io = fakeIo(KEY_ENV);
    const retry = runCli(['node', 'parity', 'record', '--target', validator.url, '--listen', '127.0.0.1:0', '--out', out], io);
    await waitFor(() => /recording (http:\/\/\S+)/.exec(io.err())?.[1]);
    io.interrupt();
    expect(await retry).toBe(0);
  });

  test('--out in a missing directory → exit 2 with a mkdir hint', async () => {
    const { code, stderr } = await runParity(['record', '--target', 'http://127.0.0.1:1', '--listen', '0', '--out', join(tmpDir(), 'no', 'x.db')], KEY_ENV);
    expect(code).toBe(2);
    expect(stderr).toContain('hint: mkdir -p');
  });

  test('a short PARITY_REDACT_KEY → exit 2', async () => {
    const { code, stderr } = await runParity(['record', '--target', 'http://127.0.0.1:1', '--listen', '0', '--out', join(tmpDir(), 'x.db')], { PARITY_REDACT_KEY: 'short' });
    expect(code).toBe(2);
    expect(stderr).toContain('PARITY_REDACT_KEY is 5 characters');
  });

  test('an invalid --redact file → exit 2 naming the key', async () => {
    const file = join(tmpDir(), 'redact.json');
    await writeFile(file, '{"drop_path": []}');
    const { code, stderr } = await runParity(['record', '--target', 'http://127.0.0.1:1', '--listen', '0', '--out', join(tmpDir(), 'x.db'), '--redact', file], KEY_ENV);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown key "drop_path"');
  });
});

async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out waiting');
}
