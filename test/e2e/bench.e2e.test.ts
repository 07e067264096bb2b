import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BenchReportV1 } from '../../src/bench/model.js';
import { startSideProcess, type SideProcess } from '../../src/bench/side-process.js';
import { runParity, spawnParity } from '../helpers/cli.js';
import { Recording } from '../../src/record/recorder.js';
import { recordOptions } from '../helpers/recording.js';
import { tmpDir } from '../helpers/tmp.js';

// `parity bench` on a service that is not the validator: an express inventory API started by the
// bench itself from a command, legacy as is and a candidate 300 ms slower on every request. The p99
// of 200 requests a side is the second slowest: one stall of a loaded CI machine lifted legacy's
// past a 100 ms candidate's in one resampled pair, and the interval rightly covered 1× (a fresh-
// clone CI run). A 300 ms gap is one no stall of a shared machine has come near.

const API = fileURLToPath(new URL('../fixtures/bench/inventory-api.mjs', import.meta.url));
const command = (delayMs = 0) => `${delayMs ? `DELAY_MS=${delayMs} ` : ''}exec '${process.execPath}' '${API}'`;
const SHORT = ['--duration', '2s', '--window', '500ms', '--warmup', '250ms', '--rate', '100'];

let capture: string;
let recorded: SideProcess | undefined;
let suiteDir: string;

beforeAll(async () => {
  recorded = await startSideProcess({ name: 'legacy', command: command() });
  suiteDir = mkdtempSync(join(tmpdir(), 'parity-bench-e2e-'));
  const out = join(suiteDir, 'inventory.db');
  const recording = await Recording.start(recordOptions(recorded.url.href, out));
  for (let i = 1; i <= 40; i++) {
    const answer =
      i % 4 === 0
        ? await request(`${recording.url}/reservations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item: (i % 60) + 1, quantity: 2 }) })
        : await request(`${recording.url}/items/${(i % 55) + 1}`);
    await answer.body.dump();
  }
  await recording.stop('signal');
  capture = out;
}, 60_000);
afterAll(async () => {
  await recorded?.stop();
  rmSync(suiteDir, { recursive: true, force: true });
});

describe('parity bench on an express service', () => {
  test('a candidate 300 ms slower: found slower, CPU and memory read, files written 0600, and the gate fails on it', async () => {
    const out = tmpDir();
    const { code, stdout, stderr } = await runParity(['bench', capture, '--legacy-cmd', command(), '--candidate-cmd', command(300), ...SHORT, '--out', out]);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/^bench 8\/8 (legacy|candidate)/m);
    const report = JSON.parse(readFileSync(join(out, 'bench.json'), 'utf8')) as BenchReportV1;
    const { scorecard, windows, settings } = report.performance;
    expect(windows.map((w) => w.side)).toEqual(['legacy', 'candidate', 'candidate', 'legacy', 'legacy', 'candidate', 'candidate', 'legacy']);
    expect(settings.requests).toBe(40);
    expect(scorecard.latency.p50).toMatchObject({ difference: 'higher' });
    expect(scorecard.latency.p50.candidate - scorecard.latency.p50.legacy).toBeGreaterThan(290_000);
    expect(scorecard.latency.p99).toMatchObject({ difference: 'higher' });
    expect(scorecard.errors).toEqual({ legacy: 0, candidate: 0 });
    expect(scorecard.serverErrors).toEqual({ legacy: 0, candidate: 0 });
    expect(scorecard.cpuPer1k?.legacy).toBeGreaterThan(0);
    expect(scorecard.rssPeakBytes?.legacy).toBeGreaterThan(10e6);
    expect(stdout).toMatch(/^ +p50 \(ms\) .*slower$/m);
    for (const file of ['bench.json', 'bench.md', 'bench.html']) expect(statSync(join(out, file)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(out, 'bench.html'), 'utf8')).toContain('class="chart latency-over-time"');

    const gate = await runParity(['gate', join(out, 'bench.json')]);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toMatch(/✘ max-p99-ratio +candidate p99 is [\d.]+× legacy's \(95% interval [\d.]+×–[\d.]+×\), limit 1\.10×: even the lower bound is/);
    expect((await runParity(['report', join(out, 'bench.json'), '--format', 'md'])).stdout).toMatch(/^\| p99 \(ms\) \|/m);
  }, 60_000);

  test('--find-max: each side ramped until it fails the SLO; a side that failed is not loaded again', async () => {
    const out = tmpDir();
    const { code, stderr } = await runParity(['bench', capture, '--legacy-cmd', command(), '--candidate-cmd', command(40), '--duration', '600ms', '--window', '300ms', '--warmup', '0', '--rate', '50', '--find-max', '--slo-p99', '25ms', '--out', out]);
    expect(code, stderr).toBe(0);
    const { findMax, scorecard } = (JSON.parse(readFileSync(join(out, 'bench.json'), 'utf8')) as BenchReportV1).performance;
    expect(findMax?.sloP99Us).toBe(25_000);
    const steps = findMax?.steps ?? [];
    // The candidate answers 40 ms late: it fails the first rate and is never tried again.
    expect(steps[0]).toMatchObject({ rate: 100, sides: { candidate: { tried: true, held: false } } });
    expect(steps.slice(1).every((s) => !s.sides.candidate.tried)).toBe(true);
    // Up by 1.25 a step, for as long as legacy holds (how far depends on the machine).
    expect(steps.map((s) => s.rate)).toEqual(steps.map((_, i) => [100, 125, 156, 195, 244, 305, 381, 476, 595, 744][i] ?? expect.any(Number)));
    expect(steps.slice(0, -1).every((s) => s.sides.legacy.held)).toBe(true);
    expect(scorecard.peakRate).toMatchObject({ candidate: 0 });
    const legacyHeld = steps.filter((s) => s.sides.legacy.held).map((s) => s.rate);
    expect(scorecard.peakRate?.legacy).toBe(legacyHeld.length > 0 ? Math.max(...legacyHeld) : 0);
  }, 120_000);

  test('bad input is a usage error (exit 2) before anything starts', async () => {
    const cases: [string[], RegExp][] = [
      [['--candidate', 'http://127.0.0.1:9'], /--legacy <url> or --legacy-cmd <command> is required/],
      [['--legacy', 'http://127.0.0.1:9', '--legacy-cmd', 'x', '--candidate', 'http://127.0.0.1:9'], /give --legacy or --legacy-cmd, not both/],
      [['--legacy-cmd', 'x', '--legacy-pid', '1', '--candidate', 'http://127.0.0.1:9'], /--legacy-pid is for a service already running/],
      [['--legacy', 'http://127.0.0.1:9', '--candidate', 'http://127.0.0.1:9', '--rate', '10', '--speed', '2x'], /give --rate or --speed, not both/],
      [['--legacy', 'http://127.0.0.1:9', '--candidate', 'http://127.0.0.1:9', '--speed', 'fast'], /expected a factor above 0, such as 2x/],
      [['--legacy', 'http://127.0.0.1:9', '--candidate', 'http://127.0.0.1:9', '--slo-p99', '50ms'], /--slo-p99 is the SLO of --find-max/],
      [['--legacy', 'http://127.0.0.1:9', '--candidate', 'http://127.0.0.1:9', '--reset-path', 'admin/reset'], /the reset path must start with "\/"/],
      [['--legacy', 'ftp://x', '--candidate', 'http://127.0.0.1:9'], /--legacy <url>' argument 'ftp:\/\/x' is invalid/],
    ];
    for (const [flags, message] of cases) {
      const { code, stderr } = await runParity(['bench', capture, ...flags, '--out', tmpDir()]);
      expect(code, flags.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
    }
    const noPid = await runParity(['bench', capture, '--legacy', 'http://127.0.0.1:9', '--legacy-pid', '999999', '--candidate', 'http://127.0.0.1:9', '--warmup', '10s', '--out', tmpDir()]);
    expect(noPid.code).toBe(2);
    expect(noPid.stderr).toMatch(/no process 999999 is running/);
    const missing = await runParity(['bench', join(tmpDir(), 'none.db'), '--legacy', 'http://127.0.0.1:9', '--candidate', 'http://127.0.0.1:9']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/not found/);
  });

  test('a side command that does not start a service: exit 2 with its exit code and output, nothing left running', async () => {
    const out = tmpDir();
    const { code, stderr } = await runParity(['bench', capture, '--legacy-cmd', command(), '--candidate-cmd', "echo 'no such binary' >&2; exit 7", ...SHORT, '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/exit(ed)?( with)?( code)? 7/);
    expect(stderr).toContain('no such binary');
    expect(existsSync(join(out, 'bench.json'))).toBe(false);
  }, 30_000);

  test('a reset path the service does not have: RESET_FAILED (exit 1) naming the side and its answer', async () => {
    const { code, stderr } = await runParity(['bench', capture, '--legacy-cmd', command(), '--candidate-cmd', command(), ...SHORT, '--reset-path', '/admin/reset', '--out', tmpDir()]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/reset failed: POST http:\/\/127\.0\.0\.1:\d+\/admin\/reset \(legacy\) → 404/);
  }, 30_000);

  test('Ctrl-C mid-bench: the windows measured so far are written, marked interrupted, exit 1, the sides stopped', async () => {
    const out = tmpDir();
    const child = spawnParity(['bench', capture, '--legacy-cmd', command(), '--candidate-cmd', command(), '--duration', '30s', '--window', '500ms', '--warmup', '0', '--rate', '50', '--out', out]);
    let stderr = '';
    let interrupted = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // Once: a second Ctrl-C ends a process at once, as it should.
      if (!interrupted && /^bench +2\//m.test(stderr)) interrupted = child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(1);
    const report = JSON.parse(readFileSync(join(out, 'bench.json'), 'utf8')) as BenchReportV1;
    expect(report.performance.interrupted).toBe(true);
    expect(report.performance.windows.length).toBeGreaterThanOrEqual(2);
    const pids = [report.performance.settings.sides.legacy.pid, report.performance.settings.sides.candidate.pid];
    for (const pid of pids) expect(pid !== null && alive(pid)).toBe(false);
  }, 60_000);
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie is not running: PID 1 here may never reap orphans.
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
