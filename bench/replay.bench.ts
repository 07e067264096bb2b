/**
 * Replay benchmark: `parity replay` against autocannon on the same servers, in the same run,
 * medians of several runs. See bench/README.md ("Replay") for what is measured and why.
 *
 *   npm run bench:replay -- [--runs 3] [--count 40000] [--connections 32] [--compiled]
 *   npm run bench:replay -- --scale 1000000     # the memory run: 1M exchanges against two validators
 *
 * The capture is generated in a temporary directory: realistic payments (bench/lib/payments.ts),
 * each answered by an in-process reference validator, so its recorded answers are real ones.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Aggregator } from '../src/compare/aggregate.js';
import { createComparator } from '../src/compare/classify.js';
import { buildNormaliser } from '../src/compare/normalise/registry.js';
import { resolveCompare } from '../src/compare/settings.js';
import { SideView } from '../src/compare/side.js';
import type { Reply } from '../src/core/exchange.js';
import type { Exchange, NewExchange } from '../src/core/exchange.js';
import { resolveReplaySettings } from '../src/replay/replay-options.js';
import { replay, type ReplayOptions } from '../src/replay/runner.js';
import { CaptureWriter, createCapture } from '../src/store/index.js';
import { createValidator, defaultSeed, VALIDATOR_NOISE } from '../src/validator/index.js';
import { closedLoop, VALIDATE_PATH } from './lib/load.js';
import { acrossRuns, benchFlags, cpuMeter, fmt, MB, median, positiveInt, printTable, repeat, runBench } from './lib/measure.js';
import { PaymentGenerator } from './lib/payments.js';
import { runTraced } from './lib/traced-child.js';
import { killAllServers, PROJECT_ROOT, startServer, type ServerProcess } from './lib/servers.js';

// Issue 15's goals: pairs against autocannon raised from 35% to 40%.
const TARGETS = { oneTarget: 0.75, pairs: 0.4, comparesPerSecond: 100_000 } as const;

const { values: flags } = benchFlags({
  options: {
    runs: { type: 'string', default: '3' },
    count: { type: 'string', default: '40000' },
    connections: { type: 'string', default: '32' },
    scale: { type: 'string' },
    'replayer-flags': { type: 'string', default: '' },
    compiled: { type: 'boolean', default: false },
    'compare-only': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(`usage: npm run bench:replay -- [options]

  --runs N          runs; every figure is the median over them (default 3)
  --count N         exchanges in the generated capture (default 40,000)
  --connections N   connections for both the replayer (--concurrency) and autocannon (default 32)
  --scale N         instead: replay an N-exchange capture against two validators once and report
                    RSS at 100,000 exchanges and at the end, and the wall time
  --replayer-flags=F  node flags for the replayer's process of --scale (e.g. --replayer-flags=--max-semi-space-size=4),
                    to weigh a V8 setting against the default in the same sitting
  --compiled        run the validators compiled by tsc on plain node instead of under tsx
  --compare-only    instead: only compares/s against JSON.parse of both bodies, --runs times, in this
                    process (no capture, no servers: ~15 s a run)
  --cpu-prof DIR    write a V8 CPU profile of this process (the replayer) over each run's one-target
                    replay to DIR/one-target-<run>.cpuprofile (open in Chrome DevTools)`);
  process.exit(0);
}
const RUNS = positiveInt(flags.runs, '--runs');
const COUNT = positiveInt(flags.count, '--count');
const CONNECTIONS = positiveInt(flags.connections, '--connections');
const SCALE = flags.scale === undefined ? undefined : positiveInt(flags.scale, '--scale');
let compiledDir: string | undefined;

interface RunResult {
  readonly autocannon: number;
  readonly oneTarget: number;
  readonly pairs: number;
  /** Mismatches between the two identical validators under --order none (ordering effects). */
  readonly orderMismatches: number;
  readonly comparesPerSecond: number;
  /** Both bodies decoded and JSON.parse'd, nothing else: the ceiling for a structural compare. */
  readonly parsePairsPerSecond: number;
  /** CPU per exchange (µs, all threads) of the replayer and of the validator it drives, one-target phase. */
  readonly replayerUs: number;
  readonly serverUsUnderReplay: number;
  /** The validator's CPU per request under autocannon, and autocannon's own (this process). */
  readonly serverUsUnderAutocannon: number;
  readonly autocannonUs: number;
  /** Cores used by other processes during the one-target phase and the autocannon phase (noise). */
  readonly othersCores: number;
}

async function main(): Promise<void> {
  if (flags['compare-only']) return compareOnly();
  const dir = mkdtempSync(join(tmpdir(), 'parity-bench-replay-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  if (flags.compiled) {
    const { compileServers } = await import('./lib/compile.js');
    const compiled = compileServers(['validator-server.ts', 'replay-run.ts']);
    process.on('exit', compiled.remove);
    compiledDir = compiled.dir;
  }
  const capture = join(dir, 'capture.db');
  const count = SCALE ?? COUNT;
  const started = performance.now();
  generateCapture(capture, count);
  console.log(`capture: ${count.toLocaleString('en')} payments answered by the reference validator, written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (SCALE !== undefined) return scaleRun(capture, SCALE);

  console.log(`${RUNS} runs, ${CONNECTIONS} connections for autocannon and the replayer (--order none), node ${process.version}\n`);
  const runs = await repeat(RUNS, async (i) => {
    const result = await run(capture);
    console.log(
      `run ${i + 1}/${RUNS}: autocannon ${fmt(result.autocannon, 0)} req/s; replay one target ${fmt(result.oneTarget, 0)}/s (${pct(result.oneTarget / result.autocannon)}); ` +
        `two targets ${fmt(result.pairs, 0)} pairs/s (${pct(result.pairs / result.autocannon)}); compares ${fmt(result.comparesPerSecond, 0)}/s; ` +
        `CPU/exchange: replayer ${fmt(result.replayerUs, 0)} µs + validator ${fmt(result.serverUsUnderReplay, 0)} µs, autocannon ${fmt(result.autocannonUs, 0)} µs + validator ${fmt(result.serverUsUnderAutocannon, 0)} µs; other processes up to ${fmt(result.othersCores, 2)} cores`,
    );
    return result;
  });
  report(runs);
}

/** Writes `count` payments with the reference validator's real answers. */
function generateCapture(file: string, count: number): void {
  const validator = createValidator();
  const generator = new PaymentGenerator(defaultSeed(), 42, 'replay');
  const writer = new CaptureWriter(createCapture(file, { createdBy: 'parity bench', source: 'generated' }));
  let batch: NewExchange[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const body = generator.next();
    const reply = validator.validate(JSON.parse(body));
    const answer = reply.status === 200 ? reply.text : JSON.stringify(reply.body);
    batch.push({
      recordedAt: Date.UTC(2026, 10, 23, 6) + seq,
      method: 'POST',
      path: VALIDATE_PATH,
      query: '',
      requestHeaders: [['content-type', 'application/json']],
      requestBody: Buffer.from(body),
      requestTruncated: false,
      response: { kind: 'answer', status: reply.status, headers: [['content-type', 'application/json; charset=utf-8']], body: Buffer.from(answer), truncated: false, latencyUs: 300 },
      tags: [],
    });
    if (batch.length === 1_000) {
      writer.append(batch);
      batch = [];
    }
  }
  writer.append(batch);
  writer.close();
}

function replayOptions(capture: string, candidate: ServerProcess, legacy: ServerProcess | 'recorded'): ReplayOptions {
  return {
    capture,
    ...resolveReplaySettings([
      { source: { kind: 'options' }, values: { candidate: candidate.url, legacy: legacy === 'recorded' ? 'recorded' : legacy.url, order: 'none', concurrency: CONNECTIONS, timeoutMs: 10_000, reset: true } },
    ]),
    compare: VALIDATOR_NOISE,
  };
}

async function run(capture: string): Promise<RunResult> {
  const [a, b] = await Promise.all([startServer('validator-a', 'validator-server.ts', { compiledDir }), startServer('validator-b', 'validator-server.ts', { compiledDir })]);
  try {
    // Warm-up, alike for every phase measured: a one-target and a two-target replay (the replayer's
    // two paths) and a second of autocannon, all against validator a. With only the two-target
    // warm-up, the first run measured the one-target path cold (the replayer's CPU per exchange
    // still falls over its first ~10,000 one-target exchanges), and autocannon against a server
    // already warmed by the replays.
    await replay({ ...replayOptions(capture, a, 'recorded'), limit: 6_000 });
    await replay({ ...replayOptions(capture, a, b), limit: 3_000 });
    await closedLoop({ url: a.url, generator: new PaymentGenerator(defaultSeed(), 44, 'warm-up'), connections: CONNECTIONS, durationSeconds: 1 });

    const profiling = flags['cpu-prof'] === undefined ? undefined : await startProfile();
    const oneStarted = performance.now();
    const oneCpu = cpuMeter(a.pid);
    const one = await replay(replayOptions(capture, a, 'recorded'));
    const oneShares = oneCpu.stop();
    const oneSeconds = (performance.now() - oneStarted) / 1000;
    await profiling?.(join(flags['cpu-prof'] ?? '.', `one-target-${++profiledRuns}.cpuprofile`));
    const oneTarget = one.totals.compared / oneSeconds;
    if (one.totals.compared !== COUNT) throw new Error(`one-target replay compared ${one.totals.compared} of ${COUNT}`);

    const twoStarted = performance.now();
    const two = await replay(replayOptions(capture, a, b));
    const pairs = two.totals.compared / ((performance.now() - twoStarted) / 1000);
    // Free concurrency (--order none) lets a few requests of one account reach the two sides in
    // different orders: a handful of stateful mismatches is expected; more means something broke.
    if (two.totals.mismatched > two.totals.compared / 100) throw new Error(`two identical validators disagreed on ${two.totals.mismatched} exchanges`);

    // autocannon: the same kind of requests (new payments, so the whole pipeline runs on each, as in
    // the replay: repeating the capture's bodies would hit the validator's idempotency cache), the
    // same server, the same connections, for as long as the replay took.
    await fetch(`${a.url}/admin/reset`, { method: 'POST' }).then((r) => r.text());
    const loadCpu = cpuMeter(a.pid);
    const outcome = await closedLoop({
      url: a.url,
      generator: new PaymentGenerator(defaultSeed(), 43, 'autocannon'),
      connections: CONNECTIONS,
      durationSeconds: Math.max(3, Math.round(COUNT / oneTarget)),
    });
    const loadShares = loadCpu.stop();
    const { compares, parseOnly } = comparesPerSecond();
    // A share of a core over the phase, per exchange: µs of CPU each exchange cost that process.
    const usPer = (share: number, rate: number) => (share * 1e6) / rate;
    return {
      autocannon: outcome.rate,
      oneTarget,
      pairs,
      orderMismatches: two.totals.mismatched,
      comparesPerSecond: compares,
      parsePairsPerSecond: parseOnly,
      replayerUs: usPer(oneShares.self, oneTarget),
      serverUsUnderReplay: usPer(oneShares.child, oneTarget),
      serverUsUnderAutocannon: usPer(loadShares.child, outcome.rate),
      autocannonUs: usPer(loadShares.self, outcome.rate),
      othersCores: Math.max(oneShares.others, loadShares.others),
    };
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}

let profiledRuns = 0;

/** Starts V8's sampling profiler on this thread; the function returned stops it and writes the profile. */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    console.log(`CPU profile of the one-target replay: ${file}`);
  };
}

/**
 * The comparison alone, in this thread: 2 KB JSON answers that match but for the noise fields
 * (ignored, as in the replays), through extraction, normalisation, classification and aggregation.
 */
function comparesPerSecond(alsoFull = false): { compares: number; parseOnly: number; full?: number } {
  const settings = resolveCompare(VALIDATOR_NOISE);
  const comparator = createComparator(settings, settings.normalise.map(buildNormaliser));
  const exchange = { seq: 1, method: 'POST', path: VALIDATE_PATH, query: '', requestHeaders: [], requestBody: new Uint8Array(0) } as unknown as Exchange;
  const answer = (i: number, side: string) => {
    const items = Array.from({ length: 20 }, (_, k) => ({ sku: `SKU-${k}`, quantity: k + 1, price_minor: 1_000 + k, note: 'standard shipping, gift wrap' }));
    const body = { transaction_id: `tx-${i}`, decision: 'approve', reason_code: null, errors: [], risk_score: 12, checks: { 'card-number': 'pass', 'daily-limit': 'pass' }, items, request_id: `${side}-${i}`, processed_at: new Date(i).toISOString() };
    return Buffer.from(JSON.stringify(body));
  };
  const replies = Array.from({ length: 1_000 }, (_, i): [Reply, Reply] => [
    { kind: 'answer', status: 200, headers: [], body: answer(i, 'l'), truncated: false, latencyUs: 500 },
    { kind: 'answer', status: 200, headers: [], body: answer(i, 'c'), truncated: false, latencyUs: 500 },
  ]);
  const bytes = replies[0]?.[0].kind === 'answer' ? replies[0][0].body.byteLength : 0;
  if (bytes < 1_800 || bytes > 2_300) throw new Error(`the compare bodies are ${bytes} bytes, not ~2 KB`);
  const iterations = 100_000;
  // Compares and parses alternate in blocks, after a warm-up of each, so that drift in the machine's
  // speed (it is shared) and the garbage one loop leaves weigh on all figures alike.
  const block = 5_000;
  const aggregators = [0, 1].map(() => new Aggregator({ examplesPerGroup: 3, maxGroups: 500, maxExampleBodyChars: 2_000 })) as [Aggregator, Aggregator];
  // The same pairs with every one taken through the full comparison (the path any difference takes).
  const fullComparator = createComparator(settings, settings.normalise.map(buildNormaliser), { sameBodyShortcut: false });
  let keys = 0;
  const compareBlock = (which: 0 | 1, from: number): number => {
    const chosen = which === 0 ? comparator : fullComparator;
    const aggregator = aggregators[which];
    const started = performance.now();
    for (let i = from; i < from + block; i++) {
      const [l, c] = replies[i % replies.length] as [Reply, Reply];
      const legacy = new SideView(l);
      const candidate = new SideView(c);
      const verdict = chosen.compare(legacy, candidate, undefined);
      aggregator.add(exchange, legacy, candidate, verdict, chosen.normalised);
    }
    return performance.now() - started;
  };
  // The floor: decoding and parsing both bodies, which any structural comparison has to do.
  const parseBlock = (from: number): number => {
    const started = performance.now();
    for (let i = from; i < from + block; i++) {
      const [l, c] = replies[i % replies.length] as [Reply, Reply];
      for (const side of [l, c]) if (side.kind === 'answer') keys += Object.keys(JSON.parse(Buffer.from(side.body).toString('utf8')) as object).length;
    }
    return performance.now() - started;
  };
  compareBlock(0, 0);
  if (alsoFull) compareBlock(1, 0);
  parseBlock(0);
  const ms = { compares: 0, full: 0, parse: 0 };
  for (let from = 0; from < iterations; from += block) {
    ms.compares += compareBlock(0, from);
    if (alsoFull) ms.full += compareBlock(1, from);
    ms.parse += parseBlock(from);
  }
  const warmed = block + iterations;
  if (aggregators[0].categories.match !== warmed || (alsoFull && aggregators[1].categories.match !== warmed)) throw new Error(`only ${aggregators[0].categories.match} of ${warmed} compared as matches`);
  if (keys === 0) throw new Error('nothing parsed');
  const rate = (total: number) => iterations / (total / 1000);
  const full = alsoFull ? rate(ms.full) : undefined;
  const parseOnly = rate(ms.parse);
  return { compares: rate(ms.compares), parseOnly, ...(full === undefined ? {} : { full }) };
}

/** Issue 15's compare figure alone, each run the compare loop then the parse floor in the same sitting. */
function compareOnly(): void {
  const ratios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { compares, parseOnly, full = NaN } = comparesPerSecond(true);
    ratios.push(compares / parseOnly);
    console.log(
      `run ${i + 1}/${RUNS}: compares ${fmt(compares, 0)}/s, JSON.parse of both bodies ${fmt(parseOnly, 0)} pairs/s: ${pct(compares / parseOnly)}; ` +
        `every pair through the full comparison ${fmt(full, 0)}/s: ${pct(full / parseOnly)}`,
    );
  }
  const sorted = [...ratios].sort((x, y) => x - y);
  console.log(`compares / parse alone: median ${pct(median(ratios))} (${pct(sorted[0] ?? NaN)} – ${pct(sorted[sorted.length - 1] ?? NaN)}), target >= 90%`);
}

/** One replay of a big capture against two validators, in a child process whose RSS is traced. */
async function scaleRun(capture: string, count: number): Promise<void> {
  const [a, b] = await Promise.all([startServer('validator-a', 'validator-server.ts', { compiledDir }), startServer('validator-b', 'validator-server.ts', { compiledDir })]);
  try {
    const early = Math.min(100_000, Math.floor(count / 10));
    const nodeFlags = flags['replayer-flags'].split(' ').filter((flag) => flag !== '');
    const script = [...nodeFlags, ...(compiledDir ? [join(compiledDir, 'bench', 'servers', 'replay-run.js')] : ['--import', 'tsx', join(PROJECT_ROOT, 'bench', 'servers', 'replay-run.ts')])];
    const run = await runTraced('the replay', script, {
      ...process.env,
      REPLAY_BENCH_CAPTURE: capture,
      REPLAY_BENCH_LEGACY: a.url,
      REPLAY_BENCH_CANDIDATE: b.url,
      REPLAY_BENCH_CONCURRENCY: String(CONNECTIONS),
      REPLAY_BENCH_MARKS: `${early},${count}`,
    }, 200);
    const seconds = run.seconds;
    const at = (n: number) => run.marks.get(String(n)) ?? NaN;
    const totals = (run.results.find((r) => 'compared' in r) ?? {}) as { compared?: number; mismatched?: number };
    const heap = (n: number) => (run.results.find((r) => r['heapAt'] === n) ?? {}) as { heapUsed?: number; heapTotal?: number; external?: number };
    const heapRow = (n: number): [string, string, string] => {
      const h = heap(n);
      return [`V8 heap used / total, external at ${n.toLocaleString('en')} (MB)`, `${fmt((h.heapUsed ?? NaN) / MB, 1)} / ${fmt((h.heapTotal ?? NaN) / MB, 1)}, ${fmt((h.external ?? NaN) / MB, 1)}`, ''];
    };
    console.log(`\nReplay of ${count.toLocaleString('en')} exchanges against two validators (--order none, ${CONNECTIONS} connections, replayer ${compiledDir ? 'compiled' : 'under tsx'}${nodeFlags.length > 0 ? `, node ${nodeFlags.join(' ')}` : ''})\n`);
    printTable(
      ['figure', 'value', 'target'],
      [
        ['exchanges compared', (totals.compared ?? NaN).toLocaleString('en'), ''],
        ['mismatches (ordering effects under --order none)', String(totals.mismatched), ''],
        ['wall time, whole process (s)', fmt(seconds, 1), ''],
        ['pairs/s', fmt((totals.compared ?? NaN) / seconds, 0), ''],
        [`replayer RSS at ${early.toLocaleString('en')} (MB)`, fmt(at(early) / MB, 1), ''],
        [`replayer RSS at ${count.toLocaleString('en')} (MB)`, fmt(at(count) / MB, 1), ''],
        [`RSS at the end / at ${early.toLocaleString('en')} (×)`, fmt(at(count) / at(early), 2), '<= 1.2'],
        heapRow(early),
        heapRow(count),
        ['replayer peak RSS (MB)', fmt(run.rss.peakBytes / MB, 1), '<= 200'],
      ],
    );
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}

function report(runs: readonly RunResult[]): void {
  const { median: m, range } = acrossRuns(runs);
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const row = (label: string, pick: (r: RunResult) => number, digits: number, target = '', status = '') => [label, fmt(m(pick), digits), range(pick, digits), target, status];
  console.log(`\nMedian of ${runs.length} runs, ${COUNT.toLocaleString('en')} exchanges, ${CONNECTIONS} connections (node ${process.version}, validators ${compiledDir ? 'compiled' : 'under tsx'})\n`);
  printTable(
    ['figure', 'median', 'min – max', 'target', 'status'],
    [
      row('autocannon, one validator (req/s)', (r) => r.autocannon, 0),
      row('parity replay, one target vs recorded answers (exchanges/s)', (r) => r.oneTarget, 0),
      row('one target / autocannon (%)', (r) => (100 * r.oneTarget) / r.autocannon, 1, `>= ${100 * TARGETS.oneTarget}`, verdict(m((r) => r.oneTarget / r.autocannon) >= TARGETS.oneTarget)),
      row('parity replay, two live validators (pairs/s)', (r) => r.pairs, 0),
      row('pairs / autocannon single target (%)', (r) => (100 * r.pairs) / r.autocannon, 1, `>= ${100 * TARGETS.pairs}`, verdict(m((r) => r.pairs / r.autocannon) >= TARGETS.pairs)),
      row('mismatches between two identical validators, --order none', (r) => r.orderMismatches, 0),
      row('one target: replayer CPU per exchange (µs)', (r) => r.replayerUs, 0),
      row('one target: validator CPU per exchange (µs)', (r) => r.serverUsUnderReplay, 0),
      row('autocannon: its own CPU per request (µs)', (r) => r.autocannonUs, 0),
      row('autocannon: validator CPU per request (µs)', (r) => r.serverUsUnderAutocannon, 0),
      row('other processes, busiest phase (cores)', (r) => r.othersCores, 2),
      row('compares/s on 2 KB bodies, one thread', (r) => r.comparesPerSecond, 0, `>= ${TARGETS.comparesPerSecond}`, verdict(m((r) => r.comparesPerSecond) >= TARGETS.comparesPerSecond)),
      row('JSON.parse of both 2 KB bodies alone, pairs/s (the ceiling)', (r) => r.parsePairsPerSecond, 0),
      row('compares / parse alone (%)', (r) => (100 * r.comparesPerSecond) / r.parsePairsPerSecond, 1),
    ],
  );
}

function pct(ratio: number): string {
  return `${(100 * ratio).toFixed(1)}%`;
}

await runBench(main, killAllServers);
