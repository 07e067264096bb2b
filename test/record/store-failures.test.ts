import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { CaptureSink } from '../../src/record/capture-sink.js';
import { MAX_DROPPED_SHARE, recordingFailure } from '../../src/record/recording-outcome.js';
import { createCapture, openCaptureReader } from '../../src/store/index.js';
import { exchangeOf } from '../helpers/exchanges.js';
import { fakeIo } from '../helpers/io.js';
import { TEST_KEY } from '../helpers/recording.js';
import { startServer } from '../helpers/servers.js';
import { tmpDir } from '../helpers/tmp.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); await sleep(20)) if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
}

/** Another process holding the write lock: every batch write fails with SQLITE_BUSY until it lets go. */
function holdWriteLock(path: string): () => void {
  const blocker = new Database(path);
  blocker.exec('BEGIN EXCLUSIVE');
  return () => {
    blocker.exec('ROLLBACK');
    blocker.close();
  };
}

describe('store failures', () => {
  test('a store failing batch after batch is told once, then as one counted warning per interval, not a line per failure', async () => {
    const file = join(tmpDir(), 'busy.db');
    createCapture(file, { createdBy: 'parity test', source: 'test' }).close();
    const sink = await CaptureSink.start({ file, redaction: {}, key: TEST_KEY, maxBodyBytes: 1024, batchIntervalMs: 10, warningIntervalMs: 400 });
    const warnings: string[] = [];
    sink.on('store-error', (message) => warnings.push(message));
    const release = holdWriteLock(file);
    const started = Date.now();
    for (let i = 0; i < 30; i++) {
      sink.offer(exchangeOf({ path: `/busy/${i}` }));
      await sleep(20);
    }
    await until(() => sink.stats.storeErrors >= 20, 'the batches to fail');
    release();
    const stats = await sink.close();
    const windows = Math.ceil((Date.now() - started) / 400);

    expect(stats.storeErrors).toBeGreaterThanOrEqual(20);
    // One line at once, then at most one per 400 ms window, and the last counted one at close.
    expect(warnings.length).toBeLessThanOrEqual(1 + windows + 1);
    expect(warnings.length).toBeLessThan(stats.storeErrors / 2);
    expect(warnings[0]).toMatch(/database is locked/);
    const counted = warnings.slice(1).map((w) => /^(\d+) failures in the last 0\.4 s: database is locked$/.exec(w)?.[1]);
    expect(counted.every((n) => n !== undefined)).toBe(true);
    // Nothing hidden: the first told plus the counted ones are every failure.
    expect(1 + counted.reduce((sum, n) => sum + Number(n), 0)).toBe(stats.storeErrors);
    expect(stats.dropped).toBe(stats.offered - stats.written);
  });

  test('a stop waits for the store at most drainTimeoutMs: what is still queued then is dropped and counted, and the file closed', async () => {
    const file = join(tmpDir(), 'slow.db');
    createCapture(file, { createdBy: 'parity test', source: 'test' }).close();
    const sink = await CaptureSink.start({ file, redaction: {}, key: TEST_KEY, maxBodyBytes: 1024, maxBatch: 1, drainTimeoutMs: 300 });
    const release = holdWriteLock(file);
    // Sixty batches of one, each waiting out the lock (busy_timeout, 50 ms): three seconds of work.
    for (let i = 0; i < 60; i++) sink.offer(exchangeOf({ path: `/slow/${i}` }));
    const started = Date.now();
    const stats = await sink.close();
    const tookMs = Date.now() - started;
    release();

    expect(tookMs).toBeLessThan(1_500);
    expect(stats).toMatchObject({ offered: 60, written: 0, dropped: 60 });
    expect(stats.storeErrors).toBeLessThan(30);
    const reader = openCaptureReader(file);
    expect(reader.count()).toBe(0);
    reader.close();
  });

  test(`more than ${MAX_DROPPED_SHARE * 100}% dropped fails the recording (RECORDING_INCOMPLETE); exactly half does not`, () => {
    const stats = { offered: 10, written: 5, dropped: 5, refused: 0, withheld: 0, storeErrors: 1 };
    expect(recordingFailure(stats, 'c.db')).toBeUndefined();
    expect(recordingFailure({ ...stats, written: 4, dropped: 6 }, 'c.db')).toMatchObject({ code: 'RECORDING_INCOMPLETE', message: '6 of 10 exchanges (60%) were dropped, not recorded into c.db' });
    // Refused by redaction is the recorder doing its job, not a loss.
    expect(recordingFailure({ ...stats, written: 1, dropped: 4, refused: 5 }, 'c.db')).toBeUndefined();
    expect(recordingFailure({ ...stats, lost: 'c.db was deleted or moved while recording' }, 'c.db')).toMatchObject({ code: 'CAPTURE_LOST' });
  });

  test('`parity record` that dropped most of what it saw exits 1 with RECORDING_INCOMPLETE, and leaves no -wal or -shm', async () => {
    const upstream = await startServer((_req, res) => res.end('{"ok":true}'));
    const out = join(tmpDir(), 'mostly-dropped.db');
    const io = fakeIo({ PARITY_REDACT_KEY: 'store-failure-test-key-0123456789' });
    const run = runCli(['node', 'parity', 'record', '--target', upstream.url, '--listen', '127.0.0.1:0', '--out', out], io);
    await until(() => /recording http/.test(io.err()), 'the recorder to start');
    const url = /recording (http:\/\/\S+)/.exec(io.err())?.[1] ?? '';
    expect((await fetch(`${url}/before`)).status).toBe(200);
    await sleep(300);
    const release = holdWriteLock(out);
    for (let i = 0; i < 10; i++) expect((await fetch(`${url}/during/${i}`)).status).toBe(200);
    await until(() => /database is locked/.test(io.err()), 'the store to fail');
    await sleep(300);
    release();
    io.interrupt();
    const code = await run;

    expect(code).toBe(1);
    expect(io.out()).toMatch(/^recorded 1 exchange into .*\nproxied 11 · dropped 10 /);
    expect(io.err()).toContain(`parity: 10 of 11 exchanges (91%) were dropped, not recorded into ${out}`);
    expect(io.err()).toMatch(/hint: the capture store fell behind or failed/);
    expect(existsSync(`${out}-wal`)).toBe(false);
    expect(existsSync(`${out}-shm`)).toBe(false);
  });
});
