/**
 * Recording-proxy benchmark: what `parity record` costs the traffic it sits in front of, each
 * figure a ratio against a reference measured in the same run, the median of several runs. See
 * bench/README.md ("Recording") for what is measured and why.
 *
 *   npm run bench:record -- [--runs 3] [--duration 60] [--compiled]
 *
 * Three processes, as in production: the reference validator (bench/servers/validator-server.ts),
 * recorders in front of it (bench/servers/recorder-server.ts: a `Recording` with its store worker),
 * and this process, the load generator (autocannon). Every request is a new payment (a new
 * transaction id), so the validator runs its whole pipeline on every one.
 *
 * Each run:
 *   1. Peak load: 2,000 req/s, evenly paced over 20 connections, straight to the validator (the
 *      reference) and through a recorder for `--duration` seconds (60 by default); the recorder is
 *      then stopped and its capture checked against every 2xx answer the load generator saw.
 *   2. Saturation: 100 connections, closed loop, straight to the validator, through a recorder
 *      recording everything, and through the same proxy recording nothing (`exclude: ['*']`).
 *      The recording recorder's RSS is sampled every 200 ms.
 *   3. One connection, closed loop: the latency the proxy adds to a lone request.
 *   4. Issue 15's reference: rounds 2 and 3 again against a bare node:http server
 *      (bench/servers/bare-server.ts): the recorder's CPU per request as a multiple of the server's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordSummary } from '../src/record/recorder.js';
import { openCaptureReader } from '../src/store/index.js';
import { defaultSeed } from '../src/validator/index.js';
import { assertAllOk, closedLoop, paced, VALIDATE_PATH, type LoadOutcome } from './lib/load.js';
import { acrossRuns, benchFlags, fmt, MB, percentiles, positiveInt, printTable, readRssBytes, repeat, runBench, sleep } from './lib/measure.js';
import { PaymentGenerator } from './lib/payments.js';
import { killAllRecorders, startRecorder, type RecorderProcess } from './lib/record-process.js';
import { cpuShares, traceRss, waitForQuiet, type CpuShares, type RssTrace } from './lib/record-measure.js';
import { killAllServers, startServer, type ServerProcess } from './lib/servers.js';

const TARGETS = { addedP99Ms: 1, viaDirect: 0.4, onOff: 0.95, addedP50Us: 150, rssMb: 150 } as const;
/** Issue 15: CPU per request as a multiple of a bare node:http server's, and the latency added at one connection. */
const BARE_TARGETS = { forwardingX: 2.5, recordingX: 4, addedP50Us: 100, addedP99Us: 1_000, rssMb: 150 } as const;
/** Card-surrogate key for the recorders (PARITY_REDACT_KEY): fixed, so runs are comparable. */
const REDACT_KEY = 'parity-bench-record-key-0123456789abcdef';

const { values: flags } = benchFlags({
  options: {
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '60' },
    'direct-duration': { type: 'string', default: '20' },
    rate: { type: 'string', default: '2000' },
    saturation: { type: 'string', default: '5' },
    single: { type: 'string', default: '3' },
    compiled: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(`usage: npm run bench:record -- [options]

  --runs N              runs; every figure is the median over them (default 3)
  --duration S          seconds through the recorder at the fixed rate (default 60, the figure to report;
                        shorten it for a quick run)
  --direct-duration S   seconds straight to the validator at the fixed rate, the reference (default 20,
                        never more than --duration)
  --rate R              the fixed rate, requests per second (default 2000)
  --saturation S        seconds of each saturation measurement, 100 connections (default 5)
  --single S            seconds of each one-connection measurement (default 3)
  --compiled            run the validator and the recorders compiled by tsc on plain node instead of
                        under the tsx loader (production runs compiled code; tsx adds memory)
  --cpu-prof DIR        write V8 CPU profiles of every recorder process (and its store worker) to DIR`);
  process.exit(0);
}
const RUNS = positiveInt(flags.runs, '--runs');
const RATE_SECONDS = positiveInt(flags.duration, '--duration');
const DIRECT_SECONDS = Math.min(positiveInt(flags['direct-duration'], '--direct-duration'), RATE_SECONDS);
const RATE = positiveInt(flags.rate, '--rate');
const SATURATION_SECONDS = positiveInt(flags.saturation, '--saturation');
const SINGLE_SECONDS = positiveInt(flags.single, '--single');
const RATE_CONNECTIONS = 20;
const SATURATION_CONNECTIONS = 100;
const RATE_WARMUP_SECONDS = 2;
const WARMUP_SECONDS = 1;
const SEED = defaultSeed();
let compiledDir: string | undefined;
let workDir = '';

type Mode = 'direct' | 'on' | 'off';

interface RunResult {
  // 1. fixed rate
  readonly directP50: number;
  readonly directP99: number;
  readonly directP999: number;
  readonly directRate: number;
  readonly directLate: number;
  readonly recP50: number;
  readonly recP99: number;
  readonly recP999: number;
  /** p99 of the recorder's first DIRECT_SECONDS of responses: the same window length as the reference. */
  readonly recP99SameWindow: number;
  readonly recRate: number;
  readonly recLate: number;
  readonly addedP99: number;
  readonly served2xx: number;
  readonly rows: number;
  readonly rows200: number;
  readonly missing: number;
  readonly extraRows: number;
  readonly dropped: number;
  readonly refused: number;
  readonly clientAborts: number;
  readonly rateRss: RssTrace;
  readonly rateRecorderCpuUs: number;
  readonly rateOthers: number;
  // 2. saturation
  readonly satDirect: number;
  readonly satOn: number;
  readonly satOff: number;
  readonly satCpu: Readonly<Record<Mode, CpuShares>>;
  readonly satRss: RssTrace;
  readonly satOffRssPeak: number;
  readonly idleRss: number;
  // 3. one connection
  readonly singleDirect: number;
  readonly singleOn: number;
  readonly singleOff: number;
  readonly singleOnP99: number;
  readonly singleOffP99: number;
  readonly singleDirectP99: number;
  readonly quietBefore: number;
  // 4. against a bare node:http server (issue 15's reference)
  readonly bare: BareResult;
}

/** The proxy in front of a bare node:http server: its CPU per request as a multiple of the server's own. */
interface BareResult {
  /** CPU per request at saturation (µs): the bare server direct, the recorder recording, the proxy recording nothing. */
  readonly serverUs: number;
  readonly onUs: number;
  readonly onMainUs: number;
  readonly offUs: number;
  readonly offMainUs: number;
  readonly satDirect: number;
  readonly satOn: number;
  readonly satOff: number;
  readonly onRssPeak: number;
  readonly onRssFirstThird: number;
  readonly onRssLastThird: number;
  /** One connection, closed loop (ms). */
  readonly singleDirectP50: number;
  readonly singleDirectP99: number;
  readonly singleOnP50: number;
  readonly singleOnP99: number;
  readonly singleOffP50: number;
  readonly singleOffP99: number;
  readonly dropped: number;
}

async function main(): Promise<void> {
  workDir = mkdtempSync(join(tmpdir(), 'parity-bench-record-'));
  process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
  if (flags.compiled) {
    const { compileRecordServers } = await import('./lib/record-compile.js');
    const compiled = compileRecordServers();
    process.on('exit', compiled.remove);
    compiledDir = compiled.dir;
  }
  const perRun = 4 + 2 * RATE_WARMUP_SECONDS + DIRECT_SECONDS + RATE_SECONDS + 2 * (3 * (WARMUP_SECONDS + SATURATION_SECONDS) + 3 * (WARMUP_SECONDS + SINGLE_SECONDS)) + 8;
  console.log(
    `recording benchmark: ${RUNS} runs (≈${Math.round(RUNS * perRun)} s); node ${process.version}; servers ${compiledDir ? 'compiled by tsc, on plain node' : 'under tsx'}\n` +
      `  fixed rate ${RATE} req/s paced over ${RATE_CONNECTIONS} connections: ${DIRECT_SECONDS} s direct, ${RATE_SECONDS} s through the recorder\n` +
      `  saturation ${SATURATION_CONNECTIONS} connections × ${SATURATION_SECONDS} s each: direct, recording on, recording off; one connection × ${SINGLE_SECONDS} s each\n`,
  );
  const runs = await repeat(RUNS, async (i) => {
    const result = await run(i);
    console.log(
      `run ${i + 1}/${RUNS}: p99 ${fmt(result.directP99, 3)} → ${fmt(result.recP99, 3)} ms (+${fmt(result.addedP99, 3)}); ` +
        `rows ${result.rows} for ${result.served2xx} 2xx seen, ${result.missing} missing, ${result.dropped} dropped; ` +
        `saturation ${fmt(result.satDirect, 0)} / on ${fmt(result.satOn, 0)} / off ${fmt(result.satOff, 0)} req/s; ` +
        `1 conn p50 +${fmt((result.singleOn - result.singleDirect) * 1000, 0)} µs; RSS peak ${fmt(result.satRss.peakBytes / MB, 1)} MB; ` +
        `others ≤ ${fmt(othersOf(result), 2)} cores; ` +
        `bare: ${fmt(result.bare.serverUs, 1)} µs/req, forwarding ${fmt(result.bare.offUs / result.bare.serverUs, 2)}×, recording ${fmt(result.bare.onUs / result.bare.serverUs, 2)}× ` +
        `(main ${fmt(result.bare.onMainUs, 0)} µs), 1 conn +${fmt((result.bare.singleOnP50 - result.bare.singleDirectP50) * 1000, 0)} µs p50 / +${fmt((result.bare.singleOnP99 - result.bare.singleDirectP99) * 1000, 0)} µs p99`,
    );
    return result;
  });
  report(runs);
}

/** Starts run `index`'s recorder `name` in front of `target`, profiled when --cpu-prof is given. */
function recorderOf(target: string, index: number, out: (name: string) => string) {
  return (name: string, exclude: readonly string[] = []): Promise<RecorderProcess> =>
    startRecorder({
      name,
      target,
      out: out(name),
      exclude,
      redactKey: REDACT_KEY,
      ...(compiledDir ? { compiledDir } : {}),
      ...(flags['cpu-prof'] ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${join(flags['cpu-prof'], `run${index}-${name}`)}`] } : {}),
    });
}

async function run(index: number): Promise<RunResult> {
  const quietBefore = await waitForQuiet();
  const out = (name: string) => join(workDir, `run${index}-${name}.db`);
  const validator = await startServer('validator', 'validator-server.ts', { compiledDir });
  const recorder = recorderOf(validator.url, index, out);
  const recorders: RecorderProcess[] = [];
  try {
    const [peak, on, off] = await Promise.all([recorder('peak'), recorder('on'), recorder('off', ['*'])]);
    recorders.push(peak, on, off);
    await sleep(1_000);
    const idleRss = readRssBytes(on.pid);
    let phase = 0;
    const generator = () => new PaymentGenerator(SEED, 1_000 * (index + 1) + phase, `r${index}p${phase++}`);

    // 1. The fixed rate: direct (the reference) and through a recorder, in alternating order.
    const fixedDirect = async () => {
      await paced({ url: validator.url, generator: generator(), connections: RATE_CONNECTIONS, durationSeconds: RATE_WARMUP_SECONDS, rate: RATE });
      await resetValidator(validator);
      const cpu = cpuShares({ validator: validator.pid });
      const watcher = responseWatcher(false);
      const outcome = await paced({ url: validator.url, generator: generator(), connections: RATE_CONNECTIONS, durationSeconds: DIRECT_SECONDS, rate: RATE, onResponse: watcher.onResponse });
      const usage = cpu.stop();
      watcher.check('direct at fixed rate', outcome);
      return { outcome, usage };
    };
    const fixedRecorder = async () => {
      const watcher = responseWatcher(true);
      const warm = await paced({ url: peak.url, generator: generator(), connections: RATE_CONNECTIONS, durationSeconds: RATE_WARMUP_SECONDS, rate: RATE, onResponse: watcher.onResponse });
      watcher.check('recorder warm-up at fixed rate', warm);
      await resetValidator(validator);
      const rss = traceRss(peak.pid, 200);
      const cpu = cpuShares({ recorder: peak.pid, validator: validator.pid });
      const outcome = await paced({ url: peak.url, generator: generator(), connections: RATE_CONNECTIONS, durationSeconds: RATE_SECONDS, rate: RATE, onResponse: watcher.onResponse });
      const usage = cpu.stop();
      const trace = rss.stop();
      watcher.check('recorder at fixed rate', outcome);
      const summary = await peak.stop();
      return { outcome, usage, trace, summary, audit: audit(peak.out, watcher.ids(), summary), served2xx: count2xx(warm) + count2xx(outcome) };
    };
    let direct: Awaited<ReturnType<typeof fixedDirect>>;
    let through: Awaited<ReturnType<typeof fixedRecorder>>;
    if (index % 2 === 0) {
      direct = await fixedDirect();
      through = await fixedRecorder();
    } else {
      through = await fixedRecorder();
      direct = await fixedDirect();
    }
    const [directP50 = NaN, directP99 = NaN, directP999 = NaN] = percentiles(direct.outcome.latencies, [50, 99, 99.9]);
    const [recP50 = NaN, recP99 = NaN, recP999 = NaN] = percentiles(through.outcome.latencies, [50, 99, 99.9]);
    const sameWindow = through.outcome.latencies.subarray(0, Math.min(through.outcome.latencies.length, direct.outcome.responses));
    const [recP99SameWindow = NaN] = percentiles(sameWindow, [99]);

    // 2. Saturation, the three modes in an order that rotates from run to run.
    const urls: Record<Mode, string> = { direct: validator.url, on: on.url, off: off.url };
    const modes: Mode[] = (['direct', 'on', 'off'] as const).map((_, k, all) => all[(k + index) % 3] as Mode);
    const satRate: Partial<Record<Mode, number>> = {};
    const satCpu: Partial<Record<Mode, CpuShares>> = {};
    let satRss: RssTrace | undefined;
    let satOffRssPeak = NaN;
    for (const mode of modes) {
      await closedLoop({ url: urls[mode], generator: generator(), connections: SATURATION_CONNECTIONS, durationSeconds: WARMUP_SECONDS });
      await resetValidator(validator);
      const rss = mode === 'direct' ? undefined : traceRss(mode === 'on' ? on.pid : off.pid, 200);
      const cpu = cpuShares(mode === 'direct' ? { validator: validator.pid } : { recorder: mode === 'on' ? on.pid : off.pid, validator: validator.pid });
      const watcher = responseWatcher(false);
      const outcome = await closedLoop({ url: urls[mode], generator: generator(), connections: SATURATION_CONNECTIONS, durationSeconds: SATURATION_SECONDS, onResponse: watcher.onResponse });
      satCpu[mode] = cpu.stop();
      const trace = rss?.stop();
      watcher.check(`saturation ${mode}`, outcome);
      satRate[mode] = outcome.rate;
      if (mode === 'on') satRss = trace;
      if (mode === 'off' && trace) satOffRssPeak = trace.peakBytes;
    }

    // 3. One connection, closed loop.
    const single: Partial<Record<Mode, { p50: number; p99: number }>> = {};
    for (const mode of modes) {
      await closedLoop({ url: urls[mode], generator: generator(), connections: 1, durationSeconds: WARMUP_SECONDS });
      await resetValidator(validator);
      const outcome = await closedLoop({ url: urls[mode], generator: generator(), connections: 1, durationSeconds: SINGLE_SECONDS });
      assertAllOk(`one connection ${mode}`, outcome);
      const [p50 = NaN, p99 = NaN] = percentiles(outcome.latencies, [50, 99]);
      single[mode] = { p50, p99 };
    }

    const onSummary = await on.stop();
    const offSummary = await off.stop();
    if (onSummary.capture.dropped > 0) console.warn(`  note: the saturation recorder dropped ${onSummary.capture.dropped} exchanges (fail-open under overload)`);
    if (offSummary.capture.offered !== 0) throw new Error(`the recording-off proxy offered ${offSummary.capture.offered} exchanges to its capture: exclude '*' did not apply`);
    const bare = await bareRound(index, out, generator);

    return {
      directP50,
      directP99,
      directP999,
      directRate: direct.outcome.rate,
      directLate: direct.outcome.lateSends,
      recP50,
      recP99,
      recP999,
      recP99SameWindow,
      recRate: through.outcome.rate,
      recLate: through.outcome.lateSends,
      addedP99: recP99 - directP99,
      served2xx: through.served2xx,
      rows: through.audit.rows,
      rows200: through.audit.rows200,
      missing: through.audit.missing,
      extraRows: through.audit.rows - through.served2xx,
      dropped: through.summary.capture.dropped,
      refused: through.summary.capture.refused,
      clientAborts: through.summary.proxy.clientAborts,
      rateRss: through.trace,
      rateRecorderCpuUs: ((through.usage.processes['recorder'] ?? NaN) * 1e6) / through.outcome.rate,
      rateOthers: Math.max(direct.usage.others, through.usage.others),
      satDirect: satRate.direct ?? NaN,
      satOn: satRate.on ?? NaN,
      satOff: satRate.off ?? NaN,
      satCpu: satCpu as Record<Mode, CpuShares>,
      satRss: satRss as RssTrace,
      satOffRssPeak,
      idleRss,
      singleDirect: single.direct?.p50 ?? NaN,
      singleOn: single.on?.p50 ?? NaN,
      singleOff: single.off?.p50 ?? NaN,
      singleDirectP99: single.direct?.p99 ?? NaN,
      singleOnP99: single.on?.p99 ?? NaN,
      singleOffP99: single.off?.p99 ?? NaN,
      quietBefore,
      bare,
    };
  } finally {
    await Promise.allSettled(recorders.map((r) => r.stop()));
    await validator.stop();
  }
}

/**
 * Issue 15's reference: the same saturation and one-connection rounds against a bare node:http
 * server answering a fixed body, straight and through a recorder (recording everything, redaction
 * included) and the same proxy recording nothing. The bare server costs next to nothing per
 * request, so the proxy's own cost stands out, as a multiple of the server's.
 */
async function bareRound(index: number, out: (name: string) => string, generator: () => PaymentGenerator): Promise<BareResult> {
  const server = await startServer('bare', 'bare-server.ts', { compiledDir });
  const recorders: RecorderProcess[] = [];
  try {
    const recorder = recorderOf(server.url, index, out);
    const [on, off] = await Promise.all([recorder('bare-on'), recorder('bare-off', ['*'])]);
    recorders.push(on, off);
    const pids: Record<Mode, number | undefined> = { direct: undefined, on: on.pid, off: off.pid };
    const urls: Record<Mode, string> = { direct: server.url, on: on.url, off: off.url };
    const modes: Mode[] = (['direct', 'on', 'off'] as const).map((_, k, all) => all[(k + index) % 3] as Mode);
    const sat: Partial<Record<Mode, { rate: number; usage: CpuShares; rss?: RssTrace }>> = {};
    for (const mode of modes) {
      await closedLoop({ url: urls[mode], generator: generator(), connections: SATURATION_CONNECTIONS, durationSeconds: WARMUP_SECONDS });
      const pid = pids[mode];
      const rss = pid === undefined ? undefined : traceRss(pid, 200);
      const cpu = cpuShares(pid === undefined ? { server: server.pid } : { recorder: pid, server: server.pid });
      const outcome = await closedLoop({ url: urls[mode], generator: generator(), connections: SATURATION_CONNECTIONS, durationSeconds: SATURATION_SECONDS });
      const usage = cpu.stop();
      const trace = rss?.stop();
      assertAllOk(`bare saturation ${mode}`, outcome);
      sat[mode] = { rate: outcome.rate, usage, ...(trace ? { rss: trace } : {}) };
    }
    const single: Partial<Record<Mode, { p50: number; p99: number }>> = {};
    for (const mode of modes) {
      await closedLoop({ url: urls[mode], generator: generator(), connections: 1, durationSeconds: WARMUP_SECONDS });
      const outcome = await closedLoop({ url: urls[mode], generator: generator(), connections: 1, durationSeconds: SINGLE_SECONDS });
      assertAllOk(`bare one connection ${mode}`, outcome);
      const [p50 = NaN, p99 = NaN] = percentiles(outcome.latencies, [50, 99]);
      single[mode] = { p50, p99 };
    }
    const onSummary = await on.stop();
    await off.stop();
    const perRequest = (mode: Mode, name: string, main = false) => {
      const s = sat[mode];
      const cores = main ? s?.usage.mainThreads[name] : s?.usage.processes[name];
      return s === undefined || cores === undefined ? NaN : (cores * 1e6) / s.rate;
    };
    return {
      serverUs: perRequest('direct', 'server'),
      onUs: perRequest('on', 'recorder'),
      onMainUs: perRequest('on', 'recorder', true),
      offUs: perRequest('off', 'recorder'),
      offMainUs: perRequest('off', 'recorder', true),
      satDirect: sat.direct?.rate ?? NaN,
      satOn: sat.on?.rate ?? NaN,
      satOff: sat.off?.rate ?? NaN,
      onRssPeak: sat.on?.rss?.peakBytes ?? NaN,
      onRssFirstThird: sat.on?.rss?.firstThirdBytes ?? NaN,
      onRssLastThird: sat.on?.rss?.lastThirdBytes ?? NaN,
      singleDirectP50: single.direct?.p50 ?? NaN,
      singleDirectP99: single.direct?.p99 ?? NaN,
      singleOnP50: single.on?.p50 ?? NaN,
      singleOnP99: single.on?.p99 ?? NaN,
      singleOffP50: single.off?.p50 ?? NaN,
      singleOffP99: single.off?.p99 ?? NaN,
      dropped: onSummary.capture.dropped,
    };
  } finally {
    await Promise.allSettled(recorders.map((r) => r.stop()));
    await server.stop();
  }
}

/**
 * Checks every answer: non-2xx and idempotent replays fail the run (the figures would then measure
 * error paths or the idempotency cache). With `collectIds`, keeps the transaction id of every 2xx
 * answer, to find each of them in the capture afterwards.
 */
function responseWatcher(collectIds: boolean) {
  const ids = new Set<string>();
  let replays = 0;
  let firstFailure: string | undefined;
  return {
    onResponse(status: number, body: string, headers: Record<string, string | string[]>) {
      if (headers['idempotent-replayed'] !== undefined) replays++;
      if (status < 200 || status > 299) {
        firstFailure ??= `${status} ${body}`;
        return;
      }
      if (collectIds) {
        const id = transactionId(body);
        if (id === undefined) throw new Error(`an answer without a transaction id: ${body.slice(0, 200)}`);
        ids.add(id);
      }
    },
    check(label: string, outcome: LoadOutcome) {
      assertAllOk(label, outcome, firstFailure);
      if (replays > 0) throw new Error(`${label}: ${replays} answers were idempotent replays: transaction ids repeated`);
    },
    ids: () => ids,
  };
}

/** The validator answers `{"transaction_id":"…",…}`: read the id without parsing the whole body. */
function transactionId(body: string): string | undefined {
  const key = '"transaction_id":"';
  const at = body.indexOf(key);
  if (at === -1) return undefined;
  const end = body.indexOf('"', at + key.length);
  return end === -1 ? undefined : body.slice(at + key.length, end);
}

/** Reads the stopped recorder's capture back: every 2xx answer the client saw must be a row. */
function audit(file: string, seen: ReadonlySet<string>, summary: RecordSummary): { rows: number; rows200: number; missing: number } {
  const reader = openCaptureReader(file);
  try {
    const rows = reader.count();
    const rows200 = reader.count({ statuses: [200] });
    const stored = new Set<string>();
    for (const exchange of reader.exchanges()) {
      if (exchange.response.kind !== 'answer') continue;
      const id = transactionId(Buffer.from(exchange.response.body).toString('utf8'));
      if (id !== undefined) stored.add(id);
    }
    let missing = 0;
    for (const id of seen) if (!stored.has(id)) missing++;
    if (rows !== summary.capture.written) throw new Error(`the capture holds ${rows} rows but the recorder reported ${summary.capture.written} written`);
    return { rows, rows200, missing };
  } finally {
    reader.close();
  }
}

function count2xx(outcome: LoadOutcome): number {
  let n = 0;
  for (const [status, count] of outcome.statuses) if (status >= 200 && status <= 299) n += count;
  return n;
}

async function resetValidator(validator: ServerProcess): Promise<void> {
  const response = await fetch(`${validator.url}/admin/reset`, { method: 'POST' });
  await response.text();
  if (response.status !== 200) throw new Error(`POST /admin/reset answered ${response.status}`);
}

function othersOf(r: RunResult): number {
  return Math.max(r.rateOthers, ...Object.values(r.satCpu).map((c) => c.others));
}

function report(runs: readonly RunResult[]): void {
  const { median: m, range } = acrossRuns(runs);
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const row = (label: string, pick: (r: RunResult) => number, digits: number, target = '', status = '') => [label, fmt(m(pick), digits), range(pick, digits), target, status];
  const header = ['figure', 'median', 'min – max', 'target', 'status'];
  const cpu = (mode: Mode, name: string) => (r: RunResult) => r.satCpu[mode].processes[name] ?? NaN;
  const satRate = (mode: Mode) => (r: RunResult) => (mode === 'direct' ? r.satDirect : mode === 'on' ? r.satOn : r.satOff);
  const usPerRequest = (mode: Mode, name: string) => (r: RunResult) => ((r.satCpu[mode].processes[name] ?? NaN) * 1e6) / satRate(mode)(r);
  const mainUsPerRequest = (mode: Mode) => (r: RunResult) => ((r.satCpu[mode].mainThreads['recorder'] ?? NaN) * 1e6) / satRate(mode)(r);
  const allDelivered = runs.every((r) => r.dropped === 0 && r.missing === 0 && r.refused === 0);

  console.log(`\nMedian of ${runs.length} runs (node ${process.version}, servers ${compiledDir ? 'compiled' : 'under tsx'})\n`);
  console.log(`Peak load: ${RATE} req/s paced over ${RATE_CONNECTIONS} connections, ${RATE_SECONDS} s through the recorder, ${DIRECT_SECONDS} s direct\n`);
  printTable(header, [
    row('p50 direct (ms)', (r) => r.directP50, 3),
    row('p50 through the recorder (ms)', (r) => r.recP50, 3),
    row('p99 direct (ms)', (r) => r.directP99, 3),
    row('p99 through the recorder (ms)', (r) => r.recP99, 3),
    row('added p99 (ms)', (r) => r.addedP99, 3, `<= ${TARGETS.addedP99Ms}`, verdict(m((r) => r.addedP99) <= TARGETS.addedP99Ms)),
    row(`p99 through the recorder, first ${DIRECT_SECONDS} s (ms)`, (r) => r.recP99SameWindow, 3),
    row('p99.9 direct (ms)', (r) => r.directP999, 3),
    row('p99.9 through the recorder (ms)', (r) => r.recP999, 3),
    row('2xx answers seen by the client', (r) => r.served2xx, 0),
    row('rows in the capture', (r) => r.rows, 0),
    row('2xx answers missing from the capture', (r) => r.missing, 0, '0', verdict(runs.every((r) => r.missing === 0))),
    row('dropped by the recorder', (r) => r.dropped, 0, '0', verdict(runs.every((r) => r.dropped === 0))),
    row('refused by redaction', (r) => r.refused, 0, '0', verdict(runs.every((r) => r.refused === 0))),
    row('rows the client did not see (answered as it stopped)', (r) => r.extraRows, 0),
  ]);

  console.log(`\nSaturation: ${SATURATION_CONNECTIONS} connections closed loop, ${SATURATION_SECONDS} s each; one connection closed loop, ${SINGLE_SECONDS} s each\n`);
  printTable(header, [
    row('direct to the validator (req/s)', (r) => r.satDirect, 0),
    row('through the recorder, recording (req/s)', (r) => r.satOn, 0),
    row('through the proxy, recording nothing (req/s)', (r) => r.satOff, 0),
    row('recording / direct (%)', (r) => (100 * r.satOn) / r.satDirect, 1, `>= ${100 * TARGETS.viaDirect}`, verdict(m((r) => r.satOn / r.satDirect) >= TARGETS.viaDirect)),
    row('recording on / off (%)', (r) => (100 * r.satOn) / r.satOff, 1, `>= ${100 * TARGETS.onOff}`, verdict(m((r) => r.satOn / r.satOff) >= TARGETS.onOff)),
    row('recorder RSS peak (MB)', (r) => r.satRss.peakBytes / MB, 1, `<= ${TARGETS.rssMb}`, verdict(m((r) => r.satRss.peakBytes / MB) <= TARGETS.rssMb)),
    row('recorder RSS, first third of the run (MB)', (r) => r.satRss.firstThirdBytes / MB, 1),
    row('recorder RSS, last third of the run (MB)', (r) => r.satRss.lastThirdBytes / MB, 1, 'flat'),
    row('one connection p50 direct (ms)', (r) => r.singleDirect, 3),
    row('one connection p50 recording (ms)', (r) => r.singleOn, 3),
    row('added p50, one connection, recording (µs)', (r) => 1000 * (r.singleOn - r.singleDirect), 0, `<= ${TARGETS.addedP50Us}`, verdict(m((r) => 1000 * (r.singleOn - r.singleDirect)) <= TARGETS.addedP50Us)),
  ]);

  console.log('\nContext\n');
  printTable(
    ['figure', 'median', 'min – max'],
    [
      row(`achieved fixed rate, direct (req/s)`, (r) => r.directRate, 0),
      row(`achieved fixed rate, through the recorder (req/s)`, (r) => r.recRate, 0),
      row('late sends at the fixed rate, direct (count)', (r) => r.directLate, 0),
      row('late sends at the fixed rate, recorder (count)', (r) => r.recLate, 0),
      row('client aborts at the recorder (load generator stopping)', (r) => r.clientAborts, 0),
      row(`recorder RSS peak at ${RATE} req/s over ${RATE_SECONDS} s (MB)`, (r) => r.rateRss.peakBytes / MB, 1),
      row(`recorder RSS at ${RATE} req/s, first third (MB)`, (r) => r.rateRss.firstThirdBytes / MB, 1),
      row(`recorder RSS at ${RATE} req/s, last third (MB)`, (r) => r.rateRss.lastThirdBytes / MB, 1),
      row(`recorder CPU per request at ${RATE} req/s (µs)`, (r) => r.rateRecorderCpuUs, 1),
      row('recorder RSS idle (MB)', (r) => r.idleRss / MB, 1),
      row('recording-off proxy RSS peak at saturation (MB)', (r) => r.satOffRssPeak / MB, 1),
      row('one connection p50 recording nothing (ms)', (r) => r.singleOff, 3),
      row('added p50, one connection, recording nothing (µs)', (r) => 1000 * (r.singleOff - r.singleDirect), 0),
      row('one connection p99 direct (ms)', (r) => r.singleDirectP99, 3),
      row('one connection p99 recording (ms)', (r) => r.singleOnP99, 3),
      row('one connection p99 recording nothing (ms)', (r) => r.singleOffP99, 3),
      row('saturation: validator CPU, direct (cores)', cpu('direct', 'validator'), 2),
      row('saturation: validator CPU, recording (cores)', cpu('on', 'validator'), 2),
      row('saturation: recorder CPU, recording (cores)', cpu('on', 'recorder'), 2),
      row('saturation: recorder CPU, recording nothing (cores)', cpu('off', 'recorder'), 2),
      row('saturation: load generator CPU, recording (cores)', (r) => r.satCpu.on.self, 2),
      row('saturation: recorder CPU per request, recording (µs)', usPerRequest('on', 'recorder'), 1),
      row('  of which its main thread (µs)', mainUsPerRequest('on'), 1),
      row('saturation: recorder CPU per request, recording nothing (µs)', usPerRequest('off', 'recorder'), 1),
      row('  of which its main thread (µs)', mainUsPerRequest('off'), 1),
      row('saturation: validator CPU per request, direct (µs)', usPerRequest('direct', 'validator'), 1),
      row('other CPU on the machine, worst phase (cores)', othersOf, 2),
      row('machine busy before the run (cores)', (r) => r.quietBefore, 2),
    ].map((r) => r.slice(0, 3)),
  );
  const b = (pick: (x: BareResult) => number) => (r: RunResult) => pick(r.bare);
  const bareRow = (label: string, pick: (x: BareResult) => number, digits: number, target = '', ok?: (median: number) => boolean) => {
    const value = m(b(pick));
    return [label, fmt(value, digits), range(b(pick), digits), target, ok ? verdict(ok(value)) : ''];
  };
  console.log(`\nAgainst a bare node:http server (issue 15): ${SATURATION_CONNECTIONS} connections × ${SATURATION_SECONDS} s; one connection × ${SINGLE_SECONDS} s\n`);
  printTable(header, [
    bareRow('bare server direct (req/s)', (x) => x.satDirect, 0),
    bareRow('through the recorder, recording (req/s)', (x) => x.satOn, 0),
    bareRow('through the proxy, recording nothing (req/s)', (x) => x.satOff, 0),
    bareRow('bare server CPU per request (µs)', (x) => x.serverUs, 1),
    bareRow('recorder CPU per request, recording, all threads (µs)', (x) => x.onUs, 1),
    bareRow('  of which its main thread (µs)', (x) => x.onMainUs, 1),
    bareRow('proxy CPU per request, recording nothing (µs)', (x) => x.offUs, 1),
    bareRow('  of which its main thread (µs)', (x) => x.offMainUs, 1),
    bareRow('forwarding only, × bare server', (x) => x.offUs / x.serverUs, 2, `<= ${BARE_TARGETS.forwardingX}`, (v) => v <= BARE_TARGETS.forwardingX),
    bareRow('recording everything, × bare server', (x) => x.onUs / x.serverUs, 2, `<= ${BARE_TARGETS.recordingX}`, (v) => v <= BARE_TARGETS.recordingX),
    bareRow('added p50, one connection, recording (µs)', (x) => 1000 * (x.singleOnP50 - x.singleDirectP50), 0, `<= ${BARE_TARGETS.addedP50Us}`, (v) => v <= BARE_TARGETS.addedP50Us),
    bareRow('added p99, one connection, recording (µs)', (x) => 1000 * (x.singleOnP99 - x.singleDirectP99), 0, `<= ${BARE_TARGETS.addedP99Us}`, (v) => v <= BARE_TARGETS.addedP99Us),
    bareRow('added p50, one connection, recording nothing (µs)', (x) => 1000 * (x.singleOffP50 - x.singleDirectP50), 0),
    bareRow('added p99, one connection, recording nothing (µs)', (x) => 1000 * (x.singleOffP99 - x.singleDirectP99), 0),
    bareRow('recorder RSS peak at saturation (MB)', (x) => x.onRssPeak / MB, 1, `<= ${BARE_TARGETS.rssMb}`, (v) => v <= BARE_TARGETS.rssMb),
    bareRow('recorder RSS, first third → last third (MB)', (x) => (x.onRssLastThird - x.onRssFirstThird) / MB, 1, 'flat (≈ 0)'),
    bareRow('dropped by the recorder (fail-open under overload)', (x) => x.dropped, 0),
  ]);

  console.log(
    `\n${allDelivered ? 'Every' : 'NOT every'} 2xx answer seen through the recorder is in its capture; all answers were 2xx with a new transaction id (no idempotent replays) on ${VALIDATE_PATH}.`,
  );
}

await runBench(main, () => {
  killAllRecorders();
  killAllServers();
});
