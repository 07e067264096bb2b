import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, onTestFinished, test } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { openCaptureReader } from '../../src/store/index.js';
import { fakeIo } from '../helpers/io.js';
import { startServer } from '../helpers/servers.js';
import { tmpDir } from '../helpers/tmp.js';

const KEY_ENV = { PARITY_REDACT_KEY: 'capture-lost-test-key-0123456789' };
const BIN = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); await sleep(20)) if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
}

function committed(capture: string): number {
  const reader = openCaptureReader(capture);
  try {
    return reader.count();
  } finally {
    reader.close();
  }
}

async function echoUpstream() {
  return startServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{"ok":true}'));
  });
}

describe('a capture lost mid-run', () => {
  test('deleted while recording: warned at once, nothing more written, `parity record` ends CAPTURE_LOST (exit 1) saying so, no -wal or -shm left', async () => {
    const upstream = await echoUpstream();
    const dir = tmpDir();
    const out = join(dir, 'del.db');
    const io = fakeIo(KEY_ENV);
    const run = runCli(['node', 'parity', 'record', '--target', upstream.url, '--listen', '127.0.0.1:0', '--out', out], io);
    await until(() => /recording http/.test(io.err()), 'the recorder to start');
    const url = /recording (http:\/\/\S+)/.exec(io.err())?.[1] ?? '';
    for (let i = 0; i < 10; i++) expect((await fetch(`${url}/before/${i}`, { method: 'POST', body: 'x' })).status).toBe(200);
    await sleep(300);
    rmSync(out);
    for (let i = 0; i < 10; i++) expect((await fetch(`${url}/after/${i}`, { method: 'POST', body: 'x' })).status).toBe(200);
    await until(() => /was deleted or moved/.test(io.err()), 'the loss to be told');
    // Traffic keeps flowing; it is no longer written anywhere.
    expect((await fetch(`${url}/later`)).status).toBe(200);
    io.interrupt();
    const code = await run;

    expect(code).toBe(1);
    expect(io.err()).toContain(`warning: capture store: ${out} was deleted or moved while recording; nothing more is recorded`);
    expect(io.out()).toMatch(new RegExp(`^capture lost after 10 exchanges were written to it: ${out} was deleted or moved while recording; in [\\d.]+ s \\(stopped by signal\\)\\nproxied 21 · dropped 11 `));
    expect(io.out()).not.toMatch(/^recorded/);
    expect(io.err()).toContain(`parity: ${out} was deleted or moved while recording; 11 exchanges were not stored`);
    expect(io.err()).toMatch(/hint: record again into a file nothing else moves, deletes or fills/);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('unwritable (the file size limit reached, as on a full disk): `parity record` ends CAPTURE_LOST, and what was committed opens intact', async () => {
    const upstream = await echoUpstream();
    const out = join(tmpDir(), 'full.db');
    // ulimit -f counts 512-byte blocks in sh: 1 MiB for any file the recorder writes. Node
    // ignores SIGXFSZ, so a write past it fails (EFBIG) instead of killing the process.
    const child = spawn('sh', ['-c', `ulimit -f 2048 && exec "${process.execPath}" --import tsx "${BIN}" record --target ${upstream.url} --listen 127.0.0.1:0 --out "${out}"`], {
      env: { ...process.env, ...KEY_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await until(() => /recording http/.test(stderr) || child.exitCode !== null, 'the recorder to start', 30_000);
    const url = /recording (http:\/\/\S+)/.exec(stderr)?.[1] ?? '';
    expect(url, stderr).not.toBe('');

    const body = 'y'.repeat(20_000);
    const failed = () => /cannot be written/.test(stderr);
    let answered = 0;
    for (let i = 0; i < 100 && !failed(); i++) {
      if ((await fetch(`${url}/big/${i}`, { method: 'POST', body })).status === 200) answered++;
      // Five at a time, each five committed before the next: the limit is met part way, not by the first batch.
      if (i % 5 === 4) await until(() => failed() || committed(out) === answered, 'a batch to be committed');
    }
    await until(failed, 'the store to fail');
    child.kill('SIGINT');
    const code = await exited;

    expect(code).toBe(1);
    expect(answered).toBeGreaterThan(0);
    expect(stderr).toMatch(/warning: capture store: .*full\.db cannot be written \(SQLITE_(FULL|IOERR\w*):/);
    expect(stdout).toMatch(/^capture lost after \d+ exchanges? (was|were) written to it: .*cannot be written/);
    expect(stderr).toMatch(/parity: .*full\.db cannot be written .*; \d+ exchanges? (was|were) not stored/);
    const stored = committed(out);
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(answered);
    // No check for a -wal left here: on a full disk the checkpoint that folds the WAL into the
    // capture needs room there is not, and deleting the WAL would lose committed rows; the next
    // open reads it (as `committed` just did).
  }, 60_000);
});
