/**
 * Load engine benchmark: `runLoad` (src/bench/load-engine.ts, what `parity bench` sends with)
 * against autocannon on the same server in the same run, medians of several rounds. See
 * bench/README.md ("Load engine") for what is measured and why.
 *
 *   npm run bench:load -- [--runs 5] [--duration 5] [--connections 50] [--rate 2000] [--open-duration 10]
 *
 * The server is a bare node:http server in its own process (bench/servers/bare-server.ts), so it
 * never shares the engine's event loop. Every request is the same small JSON POST from both tools.
 */
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { runLoadMeasured } from '../src/bench/load-engine.js';
import type { LoadRequest } from '../src/bench/model.js';
import { Histogram } from '../src/util/histogram.js';
import { acrossRuns, benchFlags, cpuMeter, fmt, positiveInt, printTable, repeat, runBench } from './lib/measure.js';
import { killAllServers, startServer, type ServerProcess } from './lib/servers.js';

const TARGETS = { ratio: 0.75, lateShare: 0.01 } as const;
const PATH = '/v1/payments/validate';
const BODY = JSON.stringify({ transaction_id: 'tx-bench-load-0001', amount: '125.00', currency: 'EUR', card: { last4: '4242' }, merchant_id: 'm-1001' });

const { values: flags } = benchFlags({
  options: {
    runs: { type: 'string', default: '5' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    rate: { type: 'string', default: '2000' },
    'open-duration': { type: 'string', default: '10' },
    'open-connections': { type: 'string', default: '20' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(`usage: npm run bench:load -- [options]

  --runs N               rounds; every figure is the median over them (default 5)
  --duration S           seconds of each closed-loop phase, autocannon and the engine alike (default 5)
  --connections N        connections of both in the closed-loop phases (default 50)
  --rate N               requests per second of the open-loop phase (default 2,000)
  --open-duration S      seconds of the open-loop phase (default 10)
  --open-connections N   connections the engine keeps in the open-loop phase (default 20)`);
  process.exit(0);
}
const RUNS = positiveInt(flags.runs, '--runs');
const DURATION_S = positiveInt(flags.duration, '--duration');
const CONNECTIONS = positiveInt(flags.connections, '--connections');
const RATE = positiveInt(flags.rate, '--rate');
const OPEN_DURATION_S = positiveInt(flags['open-duration'], '--open-duration');
const OPEN_CONNECTIONS = positiveInt(flags['open-connections'], '--open-connections');

const REQUEST: LoadRequest = { method: 'POST', path: PATH, headers: [['content-type', 'application/json']], body: Buffer.from(BODY), offsetMs: 0 };

interface Closed {
  readonly reqPerSecond: number;
  /** CPU share of the load generator (this process), of the server, and of everything else. */
  readonly cpu: { readonly self: number; readonly child: number; readonly others: number };
}

async function autocannonPhase(server: ServerProcess): Promise<Closed> {
  const meter = cpuMeter(server.pid);
  const result = await autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [{ method: 'POST', path: PATH, headers: { 'content-type': 'application/json' }, body: BODY }],
  });
  const cpu = meter.stop();
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`autocannon: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
  return { reqPerSecond: result.latency.totalCount / result.duration, cpu };
}

async function enginePhase(server: ServerProcess): Promise<Closed> {
  const meter = cpuMeter(server.pid);
  const { result } = await runLoadMeasured({ target: new URL(server.url), requests: [REQUEST], start: 0, pace: { kind: 'saturate' }, durationMs: DURATION_S * 1000, connections: CONNECTIONS, timeoutMs: 10_000 });
  const cpu = meter.stop();
  if (result.errors > 0 || result.serverErrors > 0) throw new Error(`engine: ${result.errors} errors, ${result.serverErrors} 5xx answers`);
  return { reqPerSecond: result.completed / (result.durationMs / 1000), cpu };
}

interface Open {
  readonly achieved: number;
  readonly lateShare: number;
  readonly lateP99Us: number;
  readonly maxLateUs: number;
  readonly loopDelayP99Us: number;
  readonly cpuShare: number;
  readonly raisedPriority: boolean;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly others: number;
}

async function openPhase(server: ServerProcess): Promise<Open> {
  const meter = cpuMeter(server.pid);
  const { result, lateness } = await runLoadMeasured({ target: new URL(server.url), requests: [REQUEST], start: 0, pace: { kind: 'rate', perSecond: RATE }, durationMs: OPEN_DURATION_S * 1000, connections: OPEN_CONNECTIONS, timeoutMs: 10_000 });
  const cpu = meter.stop();
  if (result.errors > 0 || result.serverErrors > 0) throw new Error(`engine, open loop: ${result.errors} errors, ${result.serverErrors} 5xx answers`);
  const latency = Histogram.from(result.latency);
  return {
    achieved: result.completed / (result.durationMs / 1000),
    lateShare: result.harness.lateShare,
    lateP99Us: lateness.percentile(99),
    maxLateUs: result.harness.maxLateUs,
    loopDelayP99Us: result.harness.eventLoopDelayP99Us,
    cpuShare: result.harness.cpuShare,
    raisedPriority: result.harness.raisedPriority,
    p50Us: latency.percentile(50),
    p99Us: latency.percentile(99),
    others: cpu.others,
  };
}

/**
 * The platform's own floor for the open-loop timing, measured during the open-loop phase: a bare
 * thread that sleeps 0.5 ms at a time (Atomics.wait, as the engine's timer thread does) and notes
 * how late it wakes. The engine cannot send more punctually than the OS schedules its threads.
 */
const SLEEPER = `
const { parentPort, workerData } = require('node:worker_threads');
const cell = new Int32Array(new SharedArrayBuffer(4));
const now = () => Number(process.hrtime.bigint()) / 1e6;
const late = [];
const end = now() + workerData;
while (now() < end) { const t = now(); Atomics.wait(cell, 0, 0, 0.5); late.push(now() - t - 0.5); }
late.sort((a, b) => a - b);
parentPort.postMessage({ share: late.filter((x) => x > 1).length / late.length, p99Ms: late[Math.floor(0.99 * (late.length - 1))] });
`;

interface Floor {
  readonly share: number;
  readonly p99Ms: number;
}

function platformFloor(durationMs: number): Promise<Floor> {
  const worker = new Worker(SLEEPER, { eval: true, workerData: durationMs });
  return new Promise<Floor>((resolve, reject) => {
    worker.once('message', (floor: Floor) => void worker.terminate().then(() => resolve(floor)));
    worker.once('error', reject);
  });
}

interface Round {
  readonly autocannon: Closed;
  readonly engine: Closed;
  readonly open: Open;
  readonly floor: Floor;
}

async function main(): Promise<void> {
  console.log(`load engine vs autocannon: ${RUNS} rounds; closed loop ${CONNECTIONS} connections × ${DURATION_S} s each; open loop ${RATE} req/s × ${OPEN_DURATION_S} s over ${OPEN_CONNECTIONS} connections\n`);
  const rounds = await repeat(RUNS, async (i): Promise<Round> => {
    const server = await startServer('bare', 'bare-server.ts');
    try {
      // Warm the server's JIT, and each tool's own, before either is measured.
      await autocannon({ url: server.url, connections: CONNECTIONS, duration: 1, requests: [{ method: 'POST', path: PATH, headers: { 'content-type': 'application/json' }, body: BODY }] });
      await runLoadMeasured({ target: new URL(server.url), requests: [REQUEST], start: 0, pace: { kind: 'saturate' }, durationMs: 1000, connections: CONNECTIONS, timeoutMs: 10_000 });
      // Alternate which tool goes first: a drift of the machine then falls on both alike.
      let ac: Closed;
      let engine: Closed;
      if (i % 2 === 0) {
        ac = await autocannonPhase(server);
        engine = await enginePhase(server);
      } else {
        engine = await enginePhase(server);
        ac = await autocannonPhase(server);
      }
      const [open, floor] = await Promise.all([openPhase(server), platformFloor(OPEN_DURATION_S * 1000)]);
      console.log(
        `round ${i + 1}: autocannon ${fmt(ac.reqPerSecond, 0)} req/s, engine ${fmt(engine.reqPerSecond, 0)} req/s (${fmt((100 * engine.reqPerSecond) / ac.reqPerSecond, 1)}%); ` +
          `open loop: ${fmt(100 * open.lateShare, 2)}% late > 1 ms, p99 lateness ${fmt(open.lateP99Us / 1000, 3)} ms, harness CPU ${fmt(open.cpuShare, 2)}, other processes ${fmt(open.others, 2)} cores`,
      );
      return { autocannon: ac, engine, open, floor };
    } finally {
      await server.stop();
    }
  });

  const runs = acrossRuns(rounds);
  const ratio = (r: Round) => r.engine.reqPerSecond / r.autocannon.reqPerSecond;
  console.log(`\nmedians of ${RUNS} rounds (range):\n`);
  printTable(
    ['figure', 'median', 'range', 'target'],
    [
      ['autocannon, closed loop (req/s)', fmt(runs.median((r) => r.autocannon.reqPerSecond), 0), runs.range((r) => r.autocannon.reqPerSecond, 0), ''],
      ['engine, saturate pace (req/s)', fmt(runs.median((r) => r.engine.reqPerSecond), 0), runs.range((r) => r.engine.reqPerSecond, 0), ''],
      ['engine / autocannon', `${fmt(100 * runs.median(ratio), 1)}%`, runs.range((r) => 100 * ratio(r), 1), `≥ ${100 * TARGETS.ratio}% ${runs.median(ratio) >= TARGETS.ratio ? 'met' : 'NOT met'}`],
      ['load generator CPU, autocannon (cores)', fmt(runs.median((r) => r.autocannon.cpu.self), 2), runs.range((r) => r.autocannon.cpu.self, 2), ''],
      ['load generator CPU, engine (cores)', fmt(runs.median((r) => r.engine.cpu.self), 2), runs.range((r) => r.engine.cpu.self, 2), ''],
      [`open loop ${RATE} req/s: achieved (req/s)`, fmt(runs.median((r) => r.open.achieved), 0), runs.range((r) => r.open.achieved, 0), ''],
      ['  harness threads at raised priority (CAP_SYS_NICE)', `${rounds.filter((r) => r.open.raisedPriority).length} of ${rounds.length} rounds`, '', ''],
      ['  sends late > 1 ms', `${fmt(100 * runs.median((r) => r.open.lateShare), 2)}%`, runs.range((r) => 100 * r.open.lateShare, 2), `< ${100 * TARGETS.lateShare}% ${runs.median((r) => r.open.lateShare) < TARGETS.lateShare ? 'met' : 'NOT met'}`],
      ['  reference: a bare thread sleeping 0.5 ms, woken > 1 ms late', `${fmt(100 * runs.median((r) => r.floor.share), 2)}%`, runs.range((r) => 100 * r.floor.share, 2), ''],
      ['  p99 lateness (ms)', fmt(runs.median((r) => r.open.lateP99Us / 1000), 3), runs.range((r) => r.open.lateP99Us / 1000, 3), ''],
      ['  reference: the bare thread\'s p99 lateness (ms)', fmt(runs.median((r) => r.floor.p99Ms), 3), runs.range((r) => r.floor.p99Ms, 3), ''],
      ['  max lateness (ms)', fmt(runs.median((r) => r.open.maxLateUs / 1000), 2), runs.range((r) => r.open.maxLateUs / 1000, 2), ''],
      ['  harness event-loop delay p99 (ms)', fmt(runs.median((r) => r.open.loopDelayP99Us / 1000), 2), runs.range((r) => r.open.loopDelayP99Us / 1000, 2), ''],
      ['  harness CPU (cores)', fmt(runs.median((r) => r.open.cpuShare), 2), runs.range((r) => r.open.cpuShare, 2), ''],
      ['  latency p50 / p99 (ms)', `${fmt(runs.median((r) => r.open.p50Us / 1000), 3)} / ${fmt(runs.median((r) => r.open.p99Us / 1000), 3)}`, '', ''],
      ['  other processes during open loop (cores)', fmt(runs.median((r) => r.open.others), 2), runs.range((r) => r.open.others, 2), ''],
    ],
  );
}

await runBench(main, killAllServers);
