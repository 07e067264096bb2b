/**
 * Validator benchmark: peak throughput against a bare node:http server, latency at a fixed rate,
 * and memory, each the median of several runs. See bench/README.md for what is measured and why.
 *
 *   npm run bench -- [--runs 5] [--duration 5]
 *
 * Each run starts a fresh validator and a fresh bare server, each in its own process
 * (`node --import tsx bench/servers/*.ts`), and drives them from this process with autocannon.
 */
import { defaultSeed } from '../src/validator/index.js';
import { assertAllOk, autocannonRate, closedLoop, paced, VALIDATE_PATH, type LoadOutcome } from './lib/load.js';
import { acrossRuns, benchFlags, cpuMeter, fmt, MB, percentiles, positiveInt, printTable, readRssBytes, repeat, runBench, sampleRss, sleep } from './lib/measure.js';
import { PaymentGenerator } from './lib/payments.js';
import { killAllServers, startServer, type ServerProcess } from './lib/servers.js';

const TARGETS = { ratio: 0.5, p99Ms: 1, idleMb: 60, loadedMb: 100 } as const;
/** The Rust rewrite's figures, for scale (measured elsewhere, not by this script). */
const RUST = { peak: 3_400, p99Ms: 3, idleMb: 48, loadedMb: 72 } as const;

const { values: flags } = benchFlags({
  options: {
    runs: { type: 'string', default: '5' },
    duration: { type: 'string', default: '5' },
    rate: { type: 'string', default: '2000' },
    compiled: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(`usage: npm run bench -- [--runs N] [--duration S] [--rate R]

  --runs N       runs; every figure is the median over them (default 5)
  --duration S   seconds of each peak-throughput measurement (default 5); the fixed-rate latency
                 measurement lasts 2·S seconds, autocannon's burst-rate one S seconds
  --rate R       requests per second of the latency measurements (default 2000)
  --compiled     run both servers compiled by tsc on plain node instead of under the tsx loader
                 (tsx adds its own memory to the RSS figures; production runs compiled code)`);
  process.exit(0);
}
const RUNS = positiveInt(flags.runs, '--runs');
const PEAK_SECONDS = positiveInt(flags.duration, '--duration');
const RATE = positiveInt(flags.rate, '--rate');
const LATENCY_SECONDS = 2 * PEAK_SECONDS;
const WARMUP_SECONDS = 1;
const PEAK_CONNECTIONS = 50;
const RATE_CONNECTIONS = 20;
const SEED = defaultSeed();
const SERVER_FILES = ['validator-server.ts', 'bare-server.ts'] as const;
let compiledDir: string | undefined;

interface RunResult {
  readonly validatorPeak: number;
  readonly barePeak: number;
  readonly ratio: number;
  readonly validatorCpu: number;
  readonly validatorCpuUsPerRequest: number;
  readonly bareCpu: number;
  readonly bareCpuUsPerRequest: number;
  readonly loadgenCpuDuringBare: number;
  readonly rateCpuUsPerRequest: number;
  /** The most CPU other processes (and unattributed kernel work) used during a measured phase, in cores. */
  readonly othersCpu: number;
  readonly peakTransactions: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly histogramP99: number;
  readonly achievedRate: number;
  readonly lateSends: number;
  readonly burstP50: number;
  readonly burstP99: number;
  readonly burstP999: number;
  readonly idleMb: number;
  readonly loadedMb: number;
  readonly rateLoadedMb: number;
  readonly bareIdleMb: number;
  readonly bareLoadedMb: number;
  readonly decisions: ReadonlyMap<string, number>;
}

async function main(): Promise<void> {
  if (flags.compiled) {
    // Loaded only when asked: the TypeScript compiler is big.
    const { compileServers } = await import('./lib/compile.js');
    const compiled = compileServers(SERVER_FILES);
    process.on('exit', compiled.remove);
    compiledDir = compiled.dir;
  }
  const estimate = RUNS * (2 * (WARMUP_SECONDS + PEAK_SECONDS) + WARMUP_SECONDS + LATENCY_SECONDS + PEAK_SECONDS + 3);
  console.log(
    `validator benchmark: ${RUNS} runs (≈${Math.round(estimate)} s); node ${process.version}; servers ${compiledDir ? 'compiled by tsc, on plain node' : 'under tsx'}; ` +
      `peak ${PEAK_CONNECTIONS} connections × ${PEAK_SECONDS} s; latency at ${RATE} req/s over ${RATE_CONNECTIONS} connections × ${LATENCY_SECONDS} s\n`,
  );
  const runs = await repeat(RUNS, async (i) => {
    const result = await run(i);
    console.log(
      `run ${i + 1}/${RUNS}: validator ${fmt(result.validatorPeak, 0)} req/s, bare ${fmt(result.barePeak, 0)} req/s (${pct(result.ratio)}); ` +
        `p50/p99/p99.9 ${fmt(result.p50, 3)}/${fmt(result.p99, 3)}/${fmt(result.p999, 3)} ms at ${fmt(result.achievedRate, 0)} req/s; ` +
        `RSS idle ${fmt(result.idleMb, 1)} MB, loaded ${fmt(result.loadedMb, 1)} MB; other CPU ≤ ${fmt(result.othersCpu, 2)} cores`,
    );
    return result;
  });
  report(runs);
}

async function run(index: number): Promise<RunResult> {
  const [validator, bare] = await Promise.all([
    startServer('validator', SERVER_FILES[0], { compiledDir }),
    startServer('bare server', SERVER_FILES[1], { compiledDir }),
  ]);
  try {
    await sleep(1_000);
    const idleMb = readRssBytes(validator.pid) / MB;
    const bareIdleMb = readRssBytes(bare.pid) / MB;
    const generator = (phase: number) => new PaymentGenerator(SEED, 1_000 * (index + 1) + phase, `r${index}p${phase}`);

    // 1. Peak throughput, validator and bare server in alternating order.
    const decisions = new Map<string, number>();
    const peakOf = async (server: ServerProcess, phase: number) => {
      await closedLoop({ url: server.url, generator: generator(phase), connections: PEAK_CONNECTIONS, durationSeconds: WARMUP_SECONDS });
      if (server === validator) await resetValidator(validator);
      const rss = sampleRss(server.pid, 100);
      const cpu = cpuMeter(server.pid);
      const watcher = server === validator ? responseWatcher(decisions) : undefined;
      const outcome = await closedLoop({
        url: server.url,
        generator: generator(phase + 1),
        connections: PEAK_CONNECTIONS,
        durationSeconds: PEAK_SECONDS,
        ...(watcher ? { onResponse: watcher.onResponse } : {}),
      });
      const usage = cpu.stop();
      const memory = rss.stop();
      assertAllOk(`${server.name} peak`, outcome, watcher?.firstFailure());
      if (watcher && watcher.replays() > 0) throw new Error(`${watcher.replays()} answers were idempotent replays: transaction ids repeated`);
      return { outcome, usage, peakMb: memory.peakBytes / MB };
    };
    const validatorFirst = index % 2 === 0;
    const first = await peakOf(validatorFirst ? validator : bare, 10);
    const second = await peakOf(validatorFirst ? bare : validator, 20);
    const [v, b] = validatorFirst ? [first, second] : [second, first];

    // 2. Latency at a fixed rate, evenly paced (the figure), then autocannon's own bursty overallRate.
    await paced({ url: validator.url, generator: generator(30), connections: RATE_CONNECTIONS, durationSeconds: WARMUP_SECONDS, rate: RATE });
    await resetValidator(validator);
    const rateRss = sampleRss(validator.pid, 100);
    const rateCpu = cpuMeter(validator.pid);
    const steady = await paced({ url: validator.url, generator: generator(31), connections: RATE_CONNECTIONS, durationSeconds: LATENCY_SECONDS, rate: RATE });
    const rateUsage = rateCpu.stop();
    const rateMemory = rateRss.stop();
    assertAllOk('validator at fixed rate', steady);
    await resetValidator(validator);
    const burst = await autocannonRate({ url: validator.url, generator: generator(40), connections: RATE_CONNECTIONS, durationSeconds: PEAK_SECONDS, rate: RATE });
    assertAllOk('validator at autocannon overallRate', burst);

    const [p50 = NaN, p99 = NaN, p999 = NaN, max = NaN] = percentiles(steady.latencies, [50, 99, 99.9, 100]);
    const [burstP50 = NaN, burstP99 = NaN, burstP999 = NaN] = percentiles(burst.latencies, [50, 99, 99.9]);
    return {
      validatorPeak: v.outcome.rate,
      barePeak: b.outcome.rate,
      ratio: v.outcome.rate / b.outcome.rate,
      validatorCpu: v.usage.child,
      validatorCpuUsPerRequest: cpuUsPerRequest(v.usage.child, v.outcome),
      bareCpu: b.usage.child,
      bareCpuUsPerRequest: cpuUsPerRequest(b.usage.child, b.outcome),
      loadgenCpuDuringBare: b.usage.self,
      rateCpuUsPerRequest: (rateUsage.child * 1e6) / steady.rate,
      othersCpu: Math.max(v.usage.others, b.usage.others, rateUsage.others),
      peakTransactions: v.outcome.responses,
      p50,
      p99,
      p999,
      max,
      histogramP99: steady.result.latency.p99,
      achievedRate: steady.rate,
      lateSends: steady.lateSends,
      burstP50,
      burstP99,
      burstP999,
      idleMb,
      loadedMb: v.peakMb,
      rateLoadedMb: rateMemory.peakBytes / MB,
      bareIdleMb,
      bareLoadedMb: b.peakMb,
      decisions,
    };
  } finally {
    await Promise.all([validator.stop(), bare.stop()]);
  }
}

/** Samples every 16th answer's decision, and spots idempotent replays and the first non-200 body. */
function responseWatcher(decisions: Map<string, number>) {
  let seen = 0;
  let replays = 0;
  let firstFailure: string | undefined;
  return {
    onResponse(status: number, body: string, headers: Record<string, string | string[]>) {
      if (headers['idempotent-replayed'] !== undefined) replays++;
      if (status !== 200) {
        firstFailure ??= `${status} ${body}`;
        return;
      }
      if ((seen++ & 15) !== 0) return;
      const answer = JSON.parse(body) as { decision: string; reason_code: string | null };
      const key = answer.reason_code ? `${answer.decision} ${answer.reason_code}` : answer.decision;
      decisions.set(key, (decisions.get(key) ?? 0) + 1);
    },
    replays: () => replays,
    firstFailure: () => firstFailure,
  };
}

async function resetValidator(validator: ServerProcess): Promise<void> {
  const response = await fetch(`${validator.url}/admin/reset`, { method: 'POST' });
  await response.text();
  if (response.status !== 200) throw new Error(`POST /admin/reset answered ${response.status}`);
}

function cpuUsPerRequest(cores: number, outcome: LoadOutcome): number {
  return (cores * 1e6) / outcome.rate;
}

function report(runs: readonly RunResult[]): void {
  const { median: m, range } = acrossRuns(runs);
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const row = (label: string, pick: (r: RunResult) => number, digits: number, target = '', status = '', rust = '') => [
    label,
    fmt(m(pick), digits),
    range(pick, digits),
    target,
    status,
    rust,
  ];

  console.log(`\nMedian of ${runs.length} runs (node ${process.version}, servers ${compiledDir ? 'compiled' : 'under tsx'}, ${PEAK_CONNECTIONS} connections for peak, ${RATE} req/s paced over ${RATE_CONNECTIONS} connections for latency)\n`);
  printTable(
    ['figure', 'median', 'min – max', 'target', 'status', 'Rust rewrite'],
    [
      row('validator peak (req/s)', (r) => r.validatorPeak, 0, '', '', String(RUST.peak)),
      row('bare node:http peak (req/s)', (r) => r.barePeak, 0),
      row('validator / bare (%)', (r) => 100 * r.ratio, 1, `>= ${100 * TARGETS.ratio}`, verdict(m((r) => r.ratio) >= TARGETS.ratio)),
      row(`p50 at ${RATE} req/s (ms)`, (r) => r.p50, 3),
      row(`p99 at ${RATE} req/s (ms)`, (r) => r.p99, 3, `<= ${TARGETS.p99Ms}`, verdict(m((r) => r.p99) <= TARGETS.p99Ms), String(RUST.p99Ms)),
      row(`p99.9 at ${RATE} req/s (ms)`, (r) => r.p999, 3),
      row('RSS idle (MB)', (r) => r.idleMb, 1, `<= ${TARGETS.idleMb}`, verdict(m((r) => r.idleMb) <= TARGETS.idleMb), String(RUST.idleMb)),
      row('RSS peak under load (MB)', (r) => r.loadedMb, 1, `<= ${TARGETS.loadedMb}`, verdict(m((r) => r.loadedMb) <= TARGETS.loadedMb), String(RUST.loadedMb)),
    ],
  );

  console.log('\nContext\n');
  printTable(
    ['figure', 'median', 'min – max'],
    [
      row('validator CPU at peak (cores)', (r) => r.validatorCpu, 2),
      row('validator CPU per request at peak (µs)', (r) => r.validatorCpuUsPerRequest, 1),
      row('bare server CPU at peak (cores)', (r) => r.bareCpu, 2),
      row('bare server CPU per request at peak (µs)', (r) => r.bareCpuUsPerRequest, 1),
      row('load generator CPU during bare peak (cores)', (r) => r.loadgenCpuDuringBare, 2),
      row(`validator CPU per request at ${RATE} req/s (µs)`, (r) => r.rateCpuUsPerRequest, 1),
      row('other CPU on the machine, worst phase (cores)', (r) => r.othersCpu, 2),
      row('transactions validated in the peak run', (r) => r.peakTransactions, 0),
      row(`achieved rate, paced (req/s)`, (r) => r.achievedRate, 0),
      row('late sends, paced (count)', (r) => r.lateSends, 0),
      row(`max at ${RATE} req/s paced (ms)`, (r) => r.max, 3),
      row(`p99 from autocannon's 1 ms histogram, paced (ms)`, (r) => r.histogramP99, 0),
      row(`p50 at autocannon overallRate ${RATE} (ms)`, (r) => r.burstP50, 3),
      row(`p99 at autocannon overallRate ${RATE} (ms)`, (r) => r.burstP99, 3),
      row(`p99.9 at autocannon overallRate ${RATE} (ms)`, (r) => r.burstP999, 3),
      row(`validator RSS high-water during the ${RATE} req/s run (MB)`, (r) => r.rateLoadedMb, 1),
      row('bare server RSS idle (MB)', (r) => r.bareIdleMb, 1),
      row('bare server RSS peak under load (MB)', (r) => r.bareLoadedMb, 1),
    ].map((r) => r.slice(0, 3)),
  );

  const noisiest = Math.max(...runs.map((r) => r.othersCpu));
  if (noisiest > 0.2) {
    console.log(`\nwarning: other processes used up to ${fmt(noisiest, 2)} cores during a measured phase; the figures are noisy (rerun on a quiet machine)`);
  }

  const totals = new Map<string, number>();
  for (const r of runs) for (const [k, n] of r.decisions) totals.set(k, (totals.get(k) ?? 0) + n);
  const sampled = [...totals.values()].reduce((a, b) => a + b, 0);
  console.log(`\nDecision mix in the peak runs (every 16th answer, ${sampled} sampled):`);
  for (const [k, n] of [...totals].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(n / sampled).padStart(6)}  ${k}`);
  console.log(`\nAll answers were 200 with a new transaction id (no idempotent replays) on ${VALIDATE_PATH}.`);
}


function pct(ratio: number): string {
  return `${(100 * ratio).toFixed(1)}%`;
}

await runBench(main, killAllServers);
