import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ReportV1 } from '../../src/report/model.js';
import { createCapture } from '../../src/store/index.js';
import { runCli } from '../../src/cli/program.js';
import { runParity, spawnParity } from '../helpers/cli.js';
import { fakeIo } from '../helpers/io.js';
import { tmpDir } from '../helpers/tmp.js';

const RENDERINGS = ['report.json', 'report.md', 'report.html', 'junit.xml'];

function demoArgs(dir: string, ...extra: string[]): string[] {
  return ['demo', '--count', '600', '--capture', join(dir, 'captures', 'demo.db'), '--out', join(dir, 'reports', 'demo'), ...extra];
}

describe('parity demo', () => {
  test('with the default bug: records, replays, benches both sides, writes the four files, and the gate fails on false approvals', async () => {
    const dir = tmpDir();
    const { code, stdout, stderr } = await runParity(demoArgs(dir));
    expect(code).toBe(0);
    expect(stderr).toMatch(/candidate +validator with the "hold-not-placed" bug/);
    expect(stderr).toMatch(/traffic +600 generated payments .* 600 recorded/);
    for (const file of RENDERINGS) expect(statSync(join(dir, 'reports', 'demo', file)).size).toBeGreaterThan(0);
    const report = JSON.parse(readFileSync(join(dir, 'reports', 'demo', 'report.json'), 'utf8')) as ReportV1;
    expect(report.totals.compared).toBe(600);
    expect(report.run.legacy).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(report.groups[0]).toMatchObject({ category: 'decision', severity: 'critical', legacyDecision: 'decline', candidateDecision: 'approve' });
    // The scorecard: both validators benched in processes of their own, 4 pairs of windows, CPU and memory read from the OS.
    expect(stderr).toMatch(/^bench +legacy and candidate in processes of their own/m);
    expect(report.performance?.windows).toHaveLength(8);
    expect(report.performance?.scorecard.cpuPer1k?.legacy).toBeGreaterThan(0);
    expect(report.performance?.settings.sides.candidate.command).toContain('--mutate hold-not-placed');
    expect(stdout).toMatch(/^ +p99 \(ms\) +[\d.]+ +[\d.]+ +[\d.]+×/m);
    expect(stdout).toMatch(/^ +CPU per 1k requests \(s\) /m);
    // The bug fails the four correctness policies and nothing else does. Whether this machine let the harness keep
    // pace (trusted-bench) and what its noise did to the p99 interval (max-p99-ratio) are the machine's business.
    expect(stdout).toMatch(/^GATE FAILED: [4-6] of 9 policies failed/m);
    for (const failed of ['max-critical', 'max-decision-mismatches', 'max-error-code-mismatches', 'min-parity']) {
      expect(stdout).toMatch(new RegExp(`^ +✘ ${failed} `, 'm'));
    }
    for (const passed of ['complete-run', 'max-transport', 'allow-list']) expect(stdout).toMatch(new RegExp(`^ +✔ ${passed} `, 'm'));
    expect(stdout).toContain(`open the HTML report: ${join(dir, 'reports', 'demo', 'report.html')}`);
    expect(stdout).toMatch(/the gate failed \(`parity gate .*report\.json` exits 1\)/);

    // The gate on the demo's report agrees (the README's next step).
    expect((await runParity(['gate', join(dir, 'reports', 'demo', 'report.json')])).code).toBe(1);
  });

  test('--no-mutate: a clean candidate passes the gate; a second run replaces the demo\'s own capture', async () => {
    const dir = tmpDir();
    expect((await runParity(demoArgs(dir, '--no-mutate', '--no-bench'))).code).toBe(0);
    const again = await runParity(demoArgs(dir, '--no-mutate', '--no-bench'));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^PARITY: 100% of 600 exchanges match/m);
    expect(again.stdout).toMatch(/^GATE PASSED/m);
  });

  test('--mutate cpu-heavy, a performance-only bug: the replay finds nothing, the scorecard finds the CPU', async () => {
    const dir = tmpDir();
    const { code, stdout } = await runParity([...demoArgs(dir, '--mutate', 'cpu-heavy')].map((a) => (a === '600' ? '300' : a)));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^PARITY: 100% of 300 exchanges match/m);
    const report = JSON.parse(readFileSync(join(dir, 'reports', 'demo', 'report.json'), 'utf8')) as ReportV1;
    expect(report.performance?.settings.sides.candidate.command).toContain('--mutate cpu-heavy');
    expect(report.performance?.scorecard.cpuPer1k?.ratio).toBeGreaterThan(1.2);
  });

  test('never overwrites a capture it did not write; an unknown mutation is a usage error', async () => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'captures'));
    createCapture(join(dir, 'captures', 'demo.db'), { createdBy: 'parity 0.1.0', source: 'record' }).close();
    const refused = await runParity(demoArgs(dir));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('exists and was not written by the demo');

    const unknown = await runParity(demoArgs(tmpDir(), '--mutate', 'off-by-two'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown mutation "off-by-two"; one of limit-boundary-exclusive');
  });

  test('Ctrl-C in the middle stops every server, leaves no report (not even an earlier one) and exits 1', async () => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'reports', 'demo'), { recursive: true });
    writeFileSync(join(dir, 'reports', 'demo', 'report.json'), '{"from":"an earlier run"}');
    const io = fakeIo();
    const run = runCli(['node', 'parity', ...demoArgs(dir).map((a) => (a === '600' ? '200000' : a))], io);
    await until(() => io.err().includes('record     proxy on'));
    const proxy = /proxy on (http:\/\/[\d.:]+)/.exec(io.err())?.[1] ?? '';
    io.interrupt();
    expect(await run).toBe(1);
    expect(io.err()).toContain('parity: demo interrupted during the recording: servers stopped, no report written');
    expect(existsSync(join(dir, 'reports', 'demo', 'report.json'))).toBe(false);
    await expect(fetch(proxy)).rejects.toThrow();
  });

  test('SIGINT to the real process ends it promptly', async () => {
    const dir = tmpDir();
    const child = spawnParity(demoArgs(dir).map((a) => (a === '600' ? '200000' : a)));
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await until(() => err.includes('record     proxy on'));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('demo interrupted');
  });
});

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
