/**
 * What measuring a side costs the harness: `parity bench` reads /proc on its own event loop while
 * it sends load, so a sample must be cheap. Two services are watched: a plain Node server (a dozen
 * threads) and the same server with 128 libuv threads (the thread count of a JVM or a Go service
 * under load, where finding descendants reads one file per thread).
 *
 *   node --import tsx bench/process-usage.bench.ts [--rounds 5] [--seconds 3]
 *
 * Per service: the CPU of one full reading (finding the tree and reading it, as `idleRss` does, and
 * as a window's start and stop do on the caller's thread), against the floor of reading
 * /proc/self/stat once, measured in the same run; the time `watchProcess` and `stop()` hold the
 * caller's event loop (the samples between are taken on a thread of their own); and the harness's
 * CPU, all threads, while a watch samples at its default interval, against the same seconds
 * without one. Medians over rounds (range in brackets).
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_SAMPLE_MS, idleRss, prepareProcessUsage, processUsageSupported, PROCESS_USAGE_UNSUPPORTED, watchProcess } from '../src/bench/process-usage.js';
import { startSideProcess, type SideProcess } from '../src/bench/side-process.js';
import { benchFlags, median, repeat } from './lib/measure.js';

const { values: flags } = benchFlags({ options: { rounds: { type: 'string', default: '5' }, seconds: { type: 'string', default: '3' }, help: { type: 'boolean', default: false } } });
if (flags.help) {
  console.log('usage: node --import tsx bench/process-usage.bench.ts [--rounds 5] [--seconds 3]');
  process.exit(0);
}
if (!processUsageSupported()) {
  console.log(PROCESS_USAGE_UNSUPPORTED);
  process.exit(0);
}
const ROUNDS = Number(flags.rounds);
const SECONDS = Number(flags.seconds);

// Reading a file through the pool starts every thread of it: the server then has them all.
const SERVER = `exec node -e "require('fs').readFile(__filename === '[eval]' ? '/proc/self/stat' : __filename, () => {}); require('http').createServer((q, s) => s.end('ok')).listen(+process.env.PORT, '127.0.0.1')"`;
const SERVICES: readonly { label: string; env: Record<string, string> }[] = [
  { label: 'node server', env: {} },
  { label: 'node server, 128 threads', env: { UV_THREADPOOL_SIZE: '128' } },
];

function cpuMicros(fn: () => void, times: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < times; i++) fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / times;
}

async function harnessShare(seconds: number, pid: number | null): Promise<number> {
  const watch = pid === null ? null : watchProcess(pid);
  const start = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const used = process.cpuUsage(start);
  watch?.stop();
  return (used.user + used.system) / 1e6 / seconds;
}

const threadsOf = (pid: number) => Number(/^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
const fmt = (values: number[], digits: number) => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)})`;

await prepareProcessUsage();
console.log(`process-usage bench: ${ROUNDS} rounds, ${SECONDS} s per share, sample every ${DEFAULT_SAMPLE_MS} ms`);
for (const service of SERVICES) {
  let side: SideProcess | undefined;
  try {
    side = await startSideProcess({ name: 'legacy', command: SERVER, env: service.env });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pid = side.pid;
    const rounds = await repeat(ROUNDS, async () => {
      const floorUs = cpuMicros(() => readFileSync('/proc/self/stat'), 2_000);
      const readingUs = cpuMicros(() => idleRss(pid), 200);
      const edges: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        watchProcess(pid).stop();
        edges.push((performance.now() - started) * 1000);
      }
      const edgeUs = median(edges);
      const idleShare = await harnessShare(SECONDS, null);
      const watchedShare = await harnessShare(SECONDS, pid);
      return { floorUs, readingUs, edgeUs, extraShare: watchedShare - idleShare };
    });
    console.log(`\n${service.label} (${threadsOf(pid)} threads)`);
    console.log(`  one full reading (tree + CPU + RSS):  ${fmt(rounds.map((r) => r.readingUs), 1)} µs`);
    console.log(`  one /proc/self/stat read (floor):     ${fmt(rounds.map((r) => r.floorUs), 1)} µs`);
    console.log(`  reading / floor:                      ${fmt(rounds.map((r) => r.readingUs / r.floorUs), 1)}×`);
    console.log(`  watchProcess + stop() on the caller:  ${fmt(rounds.map((r) => r.edgeUs), 1)} µs of its event loop, once a window (samples: another thread)`);
    console.log(`  harness CPU added by watching:        ${fmt(rounds.map((r) => r.extraShare * 100), 3)}% of one core`);
  } finally {
    await side?.stop();
  }
}
