import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, onTestFinished, test } from 'vitest';
import type { ReportV1 } from '../../../src/report/model.js';
import { captureWith, exchangeOf } from '../../helpers/exchanges.js';
import { runParity } from '../../helpers/cli.js';
import { startServer } from '../../helpers/servers.js';
import { tmpDir } from '../../helpers/tmp.js';

const RECORDED_BODY = '{"decision":"approve","errors":[]}';

/** A capture of `count` exchanges, each its own account, so --order key spreads them over every lane. */
function captureOf(count: number): string {
  return captureWith(Array.from({ length: count }, (_, i) => exchangeOf({ requestBody: Buffer.from(`{"account_id":"acc-${i}","amount":100}`) })));
}

/** A candidate answering every request as the capture recorded it; counts what it received. */
async function matchingCandidate() {
  let requests = 0;
  const server = await startServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(RECORDED_BODY);
  });
  return { url: server.url, requests: () => requests };
}

/** A server that was listening and is closed: connecting to it is refused. */
async function closedUrl(): Promise<string> {
  const server = await startServer(() => {});
  await server.close();
  return server.url;
}

const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportV1;

describe('replay --out is checked before anything is replayed', () => {
  test('an existing file as --out → REPORT_OUT_UNWRITABLE, exit 2, nothing sent', async () => {
    const candidate = await matchingCandidate();
    const file = join(tmpDir(), 'not-a-folder');
    writeFileSync(file, 'x');
    const started = Date.now();
    const { code, stderr } = await runParity(['replay', captureOf(200), '--candidate', candidate.url, '--out', file]);
    expect(code).toBe(2);
    expect(stderr).toContain(`parity: cannot write reports to ${file}: it, or a folder above it, is a file, not a folder`);
    expect(stderr).not.toContain('internal error');
    expect(candidate.requests()).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('a folder below a file → exit 2 naming the path', async () => {
    const file = join(tmpDir(), 'file');
    writeFileSync(file, 'x');
    const { code, stderr } = await runParity(['replay', captureOf(5), '--candidate', await closedUrl(), '--out', join(file, 'a', 'b')]);
    expect(code).toBe(2);
    expect(stderr).toContain(`cannot write reports to ${join(file, 'a', 'b')}`);
  });

  // fs.mkdir's `recursive` spun forever on /proc/x (ENOENT for a child of a folder that exists).
  test.skipIf(!existsSync('/proc/self'))('--out under /proc → exit 2 in a second, no spin', async () => {
    const started = Date.now();
    const { code, stderr } = await runParity(['replay', captureOf(5), '--candidate', await closedUrl(), '--out', '/proc/x/reports']);
    expect(code).toBe(2);
    expect(stderr).toContain('parity: cannot write reports to /proc/x/reports: no folder can be created there');
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 10_000);

  test('a run that fails before its report (a missing capture) leaves no folder behind', async () => {
    const dir = tmpDir();
    const { code, stderr } = await runParity(['replay', join(dir, 'none.db'), '--candidate', 'http://127.0.0.1:1', '--out', join(dir, 'a', 'b')]);
    expect(code).toBe(2);
    expect(stderr).toContain('capture file not found');
    expect(existsSync(join(dir, 'a'))).toBe(false);
  });

  test('a missing --out folder is created, with its parents, and the probe file is gone', async () => {
    const candidate = await matchingCandidate();
    const out = join(tmpDir(), 'a', 'b', 'c');
    const { code } = await runParity(['replay', captureOf(3), '--candidate', candidate.url, '--out', out]);
    expect(code).toBe(0);
    expect(readReport(out).totals.compared).toBe(3);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(out).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
  });
});

describe('a live side that is down or hangs stops the replay early: SIDE_UNREACHABLE, exit 1, partial report', () => {
  test('a candidate refusing connections: stops within seconds, names the side, the URL and the error', async () => {
    const url = await closedUrl();
    const out = join(tmpDir(), 'r');
    const started = Date.now();
    const { code, stderr } = await runParity(['replay', captureOf(3_000), '--candidate', url, '--out', out]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(1);
    expect(stderr).toContain(`parity: replay stopped early: the candidate ${url}/ failed 50 requests in a row (last: ECONNREFUSED); ${join(out, 'report.json')} covers the `);
    expect(stderr).toContain('--max-consecutive-failures');
    const report = readReport(out);
    expect(report.run.interrupted).toBe(true);
    expect(report.run.unreachable).toEqual({ side: 'candidate', url: `${url}/`, consecutiveFailures: 50, lastError: 'ECONNREFUSED' });
    expect(report.totals.compared).toBeGreaterThanOrEqual(50);
    expect(report.totals.compared).toBeLessThan(3_000);
  });

  test('a candidate that accepts but never answers: stops after the run of timeouts, not after every exchange', async () => {
    const hanging = await startServer(() => {});
    const out = join(tmpDir(), 'r');
    const started = Date.now();
    // 2,000 exchanges × 300 ms over 4 connections would be 150 s; 8 timeouts in a row are two rounds.
    const args = ['replay', captureOf(2_000), '--candidate', hanging.url, '--timeout', '300ms', '--concurrency', '4', '--max-consecutive-failures', '8', '--out', out];
    const { code, stderr } = await runParity(args);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(1);
    expect(stderr).toMatch(/replay stopped early: the candidate http:\/\/127\.0\.0\.1:\d+\/ failed 8 requests in a row \(last: timeout after 300 ms\)/);
    expect(readReport(out).run.unreachable?.consecutiveFailures).toBe(8);
  }, 20_000);

  test('a live legacy that is down is named as the legacy', async () => {
    const candidate = await matchingCandidate();
    const legacy = await closedUrl();
    const { code, stderr } = await runParity(['replay', captureOf(500), '--candidate', candidate.url, '--legacy', legacy, '--max-consecutive-failures', '10', '--out', join(tmpDir(), 'r')]);
    expect(code).toBe(1);
    expect(stderr).toContain(`the legacy ${legacy}/ failed 10 requests in a row (last: ECONNREFUSED)`);
  });

  test('--max-consecutive-failures 0 never stops: every exchange is replayed, the run is complete', async () => {
    const out = join(tmpDir(), 'r');
    const { code, stderr } = await runParity(['replay', captureOf(300), '--candidate', await closedUrl(), '--max-consecutive-failures', '0', '--out', out]);
    expect(stderr).not.toContain('stopped early');
    expect(code).toBe(0);
    const report = readReport(out);
    expect(report.totals.compared).toBe(300);
    expect(report.categories.transport).toBe(300);
    expect(report.run.interrupted).toBe(false);
    expect(report.run.unreachable).toBeUndefined();
  });

  test('replay.maxConsecutiveFailures in the config sets it; a bad value is named by key or flag (exit 2)', async () => {
    const config = join(tmpDir(), 'parity.config.json');
    writeFileSync(config, JSON.stringify({ replay: { maxConsecutiveFailures: 7 } }));
    const stopped = await runParity(['replay', captureOf(500), '--config', config, '--candidate', await closedUrl(), '--out', join(tmpDir(), 'r')]);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('failed 7 requests in a row');

    writeFileSync(config, JSON.stringify({ replay: { maxConsecutiveFailures: -1 } }));
    const badKey = await runParity(['replay', captureOf(5), '--config', config, '--candidate', 'http://127.0.0.1:1', '--out', join(tmpDir(), 'r')]);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain('replay.maxConsecutiveFailures');
    const badFlag = await runParity(['replay', captureOf(5), '--candidate', 'http://127.0.0.1:1', '--max-consecutive-failures', 'many', '--out', join(tmpDir(), 'r')]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("option '--max-consecutive-failures <n>' argument 'many' is invalid");
  });
});

const WRITER_CHILD = fileURLToPath(new URL('../../helpers/batch-writer-child.ts', import.meta.url));

/** A capture another process keeps appending to (as `parity record` does), once it holds `atLeast` exchanges. */
async function captureBeingWritten(atLeast: number): Promise<string> {
  const path = join(tmpDir(), 'live.db');
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER_CHILD, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`writer exited early (${code})`)));
    child.stdout.on('data', (chunk: Buffer) => {
      const totals = [...chunk.toString().matchAll(/committed (\d+)/g)].map((m) => Number(m[1]));
      if (totals.some((n) => n >= atLeast)) resolve();
    });
  });
  return path;
}

describe('a capture still being written', () => {
  test('is replayed from a snapshot: a warning says so, the report marks it, and hashes what was read', async () => {
    const capture = await captureBeingWritten(300);
    const candidate = await matchingCandidate();
    const out = join(tmpDir(), 'r');
    // Its requests carry no partition key: unordered on purpose (the matching candidate keeps no state).
    const { code, stderr } = await runParity(['replay', capture, '--candidate', candidate.url, '--order', 'none', '--out', out]);
    expect(code).toBe(0);
    const warned = /warning: .*live\.db is still being written \(a parity record is running into it, or one stopped without closing it\): replaying a snapshot of the (\d+) exchanges stored so far/.exec(stderr);
    expect(warned).not.toBeNull();
    const report = readReport(out);
    expect(report.run.capture.beingWritten).toBe(true);
    // Every exchange of the snapshot, no more (the writer kept adding) and no fewer.
    expect(report.totals.compared).toBe(Number(warned![1]));
    expect(report.totals.compared).toBeGreaterThanOrEqual(300);
    // Not the hash of the main file alone, which misses the rows still in the WAL.
    expect(report.run.capture.sha256).not.toBe(createHash('sha256').update(readFileSync(capture)).digest('hex'));
  }, 60_000);

  test('a finished capture: no warning, and the report hashes the file as it is on disk', async () => {
    const capture = captureOf(20);
    const candidate = await matchingCandidate();
    const out = join(tmpDir(), 'r');
    const { code, stderr } = await runParity(['replay', capture, '--candidate', candidate.url, '--out', out]);
    expect(code).toBe(0);
    expect(stderr).not.toContain('being written');
    const report = readReport(out);
    expect(report.run.capture).toEqual({ path: capture, sha256: createHash('sha256').update(readFileSync(capture)).digest('hex'), beingWritten: false });
  });
});
