import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { ParityError } from '../../src/core/errors.js';
import { idleRss, prepareProcessUsage, processUsageSupported, watchProcess } from '../../src/bench/process-usage.js';
import { listPids, readProcStat } from '../../src/bench/proc-files.js';
import { startSideProcess, type SideProcess } from '../../src/bench/side-process.js';

const BURN_SERVER = fileURLToPath(new URL('./fixtures/burn-server.mjs', import.meta.url));

/** What the service says of itself: `process.cpuUsage()` (µs) and `process.memoryUsage().rss`. */
interface OwnFigures {
  readonly cpuMicros: number;
  readonly rss: number;
}

async function startBurnServer(command: string): Promise<{ side: SideProcess; get: (path: string) => Promise<OwnFigures> }> {
  const side = await startSideProcess({ name: 'candidate', command });
  onTestFinished(() => side.stop());
  const get = async (path: string) => (await (await fetch(new URL(path, side.url))).json()) as OwnFigures;
  return { side, get };
}

/** Load with a known cost: `requests` requests burning `cpuMs` each, then `growMb` kept. */
async function load(get: (path: string) => Promise<OwnFigures>, requests: number, cpuMs: number, growMb: number): Promise<void> {
  const inFlight = 4;
  let sent = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (sent < requests) {
        sent += 1;
        await get(`/burn?ms=${cpuMs}`);
      }
    }),
  );
  await get(`/grow?mb=${growMb}`);
}

function within(actual: number, expected: number, share: number): void {
  expect(actual).toBeGreaterThanOrEqual(expected * (1 - share));
  expect(actual).toBeLessThanOrEqual(expected * (1 + share));
}

describe.runIf(processUsageSupported())('watchProcess (Linux /proc)', () => {
  beforeAll(() => prepareProcessUsage(), 30_000);

  test("CPU seconds and RSS agree within 10% with the process's own figures over the same window", async () => {
    const { side, get } = await startBurnServer(`exec node ${BURN_SERVER}`);
    const before = await get('/usage');
    const watch = watchProcess(side.pid, { sampleMs: 20 });
    await load(get, 150, 3, 48);
    const after = await get('/usage');
    const usage = watch.stop();

    const ownCpuSeconds = (after.cpuMicros - before.cpuMicros) / 1e6;
    expect(ownCpuSeconds).toBeGreaterThan(0.4);
    within(usage.cpuSeconds, ownCpuSeconds, 0.1);
    within(usage.rssStartBytes, before.rss, 0.1);
    within(usage.rssPeakBytes, after.rss, 0.1);
    expect(usage.rssPeakBytes - usage.rssStartBytes).toBeGreaterThan(40 * 1024 * 1024);
    // A finished watch keeps its figures.
    expect(watch.stop()).toEqual(usage);
  });

  test('a `sh -c` wrapper is measured with the service it started, as one tree', async () => {
    // Two commands: the shell cannot exec node, it stays the parent.
    const { side, get } = await startBurnServer(`node ${BURN_SERVER}; true`);
    expect(childrenOf(side.pid)).toHaveLength(1);
    const before = await get('/usage');
    expect(idleRss(side.pid)).toBeGreaterThan(before.rss);
    const watch = watchProcess(side.pid, { sampleMs: 20 });
    await load(get, 150, 3, 32);
    const after = await get('/usage');
    const usage = watch.stop();

    within(usage.cpuSeconds, (after.cpuMicros - before.cpuMicros) / 1e6, 0.1);
    within(usage.rssPeakBytes, after.rss, 0.1);
  });

  test('a descendant born mid-window and gone before its end is counted (through its parent)', async () => {
    const burn = `${process.execPath} -e "const t = process.cpuUsage(); while (process.cpuUsage(t).user < 400000);"`;
    const shell = spawn('sh', ['-c', `sleep 0.2; ${burn}; echo burnt; exec sleep 5`], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    onTestFinished(() => void process.kill(-(shell.pid ?? 0), 'SIGKILL'));
    const watch = watchProcess(shell.pid ?? -1, { sampleMs: 20 });
    await new Promise((resolve) => shell.stdout.once('data', resolve));
    expect(watch.stop().cpuSeconds).toBeGreaterThanOrEqual(0.38);
  });

  test('a process that exits mid-window yields what was read before it went', async () => {
    const child = spawn(process.execPath, ['-e', 'const t = process.cpuUsage(); while (process.cpuUsage(t).user < 400000); const kept = Buffer.alloc(64 << 20, 1); setTimeout(() => kept.length, 300)'], { stdio: 'ignore' });
    onTestFinished(() => void child.kill('SIGKILL'));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const watch = watchProcess(child.pid ?? -1, { sampleMs: 20 });
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(readProcStat(child.pid ?? -1)).toBeNull();
    const usage = watch.stop();
    expect(usage.cpuSeconds).toBeGreaterThanOrEqual(0.38);
    // Only a sample taken while it ran can have seen the 64 MiB it held.
    expect(usage.rssPeakBytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(usage.rssStartBytes).toBeLessThan(usage.rssPeakBytes);
  });

  test('a PID that is not running is refused as bad input', () => {
    const check = (pid: number) => {
      try {
        watchProcess(pid);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    for (const pid of [2_147_483_646, 0, -5, 1.5]) {
      const error = check(pid);
      expect(error).toBeInstanceOf(ParityError);
      expect((error as ParityError).code).toBe('USAGE');
    }
    expect((check(2_147_483_646) as ParityError).message).toContain('no process 2147483646');
    expect(() => idleRss(2_147_483_646)).toThrow(/no process/);
  });
});

/** Every process whose parent is `pid`, the way `ps` finds them. */
function childrenOf(pid: number): number[] {
  return listPids().filter((entry) => readProcStat(entry)?.ppid === pid).map(Number);
}
