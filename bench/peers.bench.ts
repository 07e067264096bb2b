/**
 * Peers benchmark (issue 15): every reverse proxy in front of the SAME upstream, against the SAME
 * reference, in one run, in alternating rounds. See bench/README.md ("Peers (issue 15)").
 *
 *   npm run bench:peers -- [--runs 3] [--duration 5] [--single S]
 *
 * The upstream is a bare node:http server answering a fixed ~600-byte JSON body
 * (bench/servers/bare-server.ts) in its own process; the reference is that server's own CPU per
 * request when the load generator (this process, autocannon) hits it directly. In front of it, each
 * in its own process tree: nginx (`proxy_pass`, upstream keepalive, one worker), mitmdump (reverse
 * mode, writing flows), a plain Node reverse proxy as one would first write it
 * (bench/servers/node-proxy.ts: node:http, undici's Pool.request, streams; compiled), `parity record
 * --exclude '*'` (forwarding only) and `parity record` (recording everything, redacted with a fixed
 * PARITY_REDACT_KEY), the last two from dist/.
 * Every request is a fresh payment body with a card number (bench/lib/payments.ts), so the
 * recorder's redaction has real work to do.
 *
 * Each round, in an order that rotates from round to round:
 *   1. saturation, 100 connections closed loop, `--duration` s per target (after 1 s of warm-up):
 *      throughput; CPU of the proxy's whole process tree and of the upstream, from /proc; summed
 *      RSS of the proxy's tree every 100 ms;
 *   2. one connection closed loop, `--single` s per target (after 1 s of warm-up): p50 and p99,
 *      compared with direct in the same round.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSeed } from '../src/validator/index.js';
import { compileServers } from './lib/compile.js';
import { assertAllOk, closedLoop } from './lib/load.js';
import { acrossRuns, benchFlags, fmt, MB, median, percentiles, positiveInt, printTable, runBench, sleep } from './lib/measure.js';
import { PaymentGenerator } from './lib/payments.js';
import { killAllPeers, startMitmdump, startNginx, startParityRecord, versionOf, which, type PeerProxy } from './lib/peer-proxies.js';
import { traceTreeRss, treeCpuMeter, type TreeRss } from './lib/process-tree.js';
import { waitForQuiet } from './lib/record-measure.js';
import { killAllServers, PROJECT_ROOT, startServer, type ServerProcess } from './lib/servers.js';

/** Issue 15's goals, CPU as a multiple of the bare server's CPU per request measured in the same round. */
const GOALS = { forwardCpuX: 2.5, recordCpuX: 4, addedP50Us: 100, addedP99Us: 1_000, rssMb: 150, flatGrowth: 0.1 } as const;
const REDACT_KEY = 'parity-bench-peers-key-0123456789abcdef';
const SATURATION_CONNECTIONS = 100;
const WARMUP_SECONDS = 1;

const { values: flags } = benchFlags({
  options: {
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    single: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(`usage: npm run bench:peers -- [options]

  --runs N       rounds; every figure is the median over them, with its range (default 3)
  --duration S   seconds of each saturation measurement, 100 connections (default 5)
  --single S     seconds of each one-connection measurement (default: --duration)

Needs dist/ (npm run build); nginx and mitmdump are measured when installed, skipped with a message when not;
the plain Node proxy (bench/servers/node-proxy.ts) is compiled into a temp dir at start.`);
  process.exit(0);
}
const RUNS = positiveInt(flags.runs, '--runs');
const SATURATION_SECONDS = positiveInt(flags.duration, '--duration');
const SINGLE_SECONDS = flags.single === undefined ? SATURATION_SECONDS : positiveInt(flags.single, '--single');
const SEED = defaultSeed();

type TargetKey = 'direct' | 'nginx' | 'mitmdump' | 'node-proxy' | 'parity-forward' | 'parity-record';
/** Parity's rows carry goals; a failure measuring them fails the bench, a peer's is only reported. */
const PARITY_KEYS: readonly TargetKey[] = ['parity-forward', 'parity-record'];

interface Measured {
  readonly rate: number;
  /** CPU per request at saturation, µs: the proxy's tree (or the upstream's, direct). */
  readonly cpuUs: number;
  /** The upstream's own CPU per request in the same phase (behind the proxy, or direct). */
  readonly upstreamCpuUs: number;
  readonly rss: TreeRss;
  readonly loadGeneratorCores: number;
  readonly otherCores: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

interface Round {
  readonly results: Partial<Record<TargetKey, Measured>>;
  readonly quietBefore: number;
  readonly recorded: number;
  readonly dropped: number;
}

let workDir = '';
let compiled: { dir: string; remove(): void } | undefined;
const notes: string[] = [];

function cleanup(): void {
  killAllPeers();
  killAllServers();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  workDir = '';
  compiled?.remove();
  compiled = undefined;
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    cleanup();
    process.stderr.write(`\nbench: ${signal}: every proxy and server stopped\n`);
    process.exit(130);
  });
}
process.on('exit', cleanup);

const tools = {
  nginx: which('nginx') ? versionOf('nginx', ['-v']) : undefined,
  mitmdump: which('mitmdump') ? versionOf('mitmdump', ['--version']) : undefined,
};

async function main(): Promise<void> {
  workDir = mkdtempSync(join(tmpdir(), 'parity-bench-peers-'));
  // Compiled like Parity's dist/: under the tsx loader its per-request closures would pay for names.
  compiled = compileServers(['node-proxy.ts']);
  const perTarget = 2 * WARMUP_SECONDS + SATURATION_SECONDS + SINGLE_SECONDS;
  const targets = 4 + (tools.nginx ? 1 : 0) + (tools.mitmdump ? 1 : 0);
  console.log(
    `peers benchmark: ${RUNS} round${RUNS === 1 ? '' : 's'} (≈${Math.round(RUNS * (targets * perTarget + 12))} s); node ${process.version}\n` +
      `  upstream: bare node:http server (bench/servers/bare-server.ts), fixed ~600-byte JSON answer\n` +
      `  saturation ${SATURATION_CONNECTIONS} connections × ${SATURATION_SECONDS} s, one connection × ${SINGLE_SECONDS} s, per target per round\n` +
      `  nginx: ${tools.nginx ?? 'not installed: skipped (apt-get install -y nginx)'}\n` +
      `  mitmdump: ${tools.mitmdump ?? 'not installed: skipped (apt-get install -y mitmproxy)'}\n` +
      `  parity record: node ${join(PROJECT_ROOT, 'dist', 'bin.js')}\n`,
  );
  const rounds: Round[] = [];
  for (let i = 0; i < RUNS; i++) {
    const round = await runRound(i);
    rounds.push(round);
    const r = round.results;
    const line = (Object.keys(r) as TargetKey[]).map((key) => `${key} ${fmt(r[key]?.rate ?? NaN, 0)} req/s ${fmt(r[key]?.cpuUs ?? NaN, 1)} µs`).join(' · ');
    console.log(`round ${i + 1}/${RUNS}: ${line}`);
  }
  report(rounds);
}

async function runRound(index: number): Promise<Round> {
  const quietBefore = await waitForQuiet(0.3, 10_000);
  const dir = join(workDir, `round${index}`);
  const upstream = await startServer('upstream', 'bare-server.ts');
  const proxies: PeerProxy[] = [];
  try {
    const nginx = tools.nginx ? await startPeer('nginx', () => startNginx(upstream.url, join(dir, 'nginx'))) : undefined;
    if (nginx) proxies.push(nginx);
    const mitmdump = tools.mitmdump ? await startPeer('mitmdump', () => startMitmdump(upstream.url, join(dir, 'mitmdump'))) : undefined;
    if (mitmdump) proxies.push(mitmdump);
    const nodeProxy = await startPeer('node-proxy', () => startNodeProxy(upstream.url));
    if (nodeProxy) proxies.push(nodeProxy);
    const forward = await startParityRecord({
      key: 'parity-forward',
      label: "parity record --exclude '*' (forwarding only)",
      upstream: upstream.url,
      out: join(dir, 'forward.db'),
      exclude: ['*'],
      redactKey: REDACT_KEY,
    });
    proxies.push(forward);
    const recorder = await startParityRecord({
      key: 'parity-record',
      label: 'parity record (recording everything, redacted)',
      upstream: upstream.url,
      out: join(dir, 'record.db'),
      redactKey: REDACT_KEY,
    });
    proxies.push(recorder);
    labels.set('parity-forward', forward.label);
    labels.set('parity-record', recorder.label);
    await checkTransparency(upstream, proxies);
    await sleep(1_000);

    const order = rotate<{ key: TargetKey; url: string; pid: number }>(
      [{ key: 'direct', url: upstream.url, pid: upstream.pid }, ...proxies.map((p) => ({ key: p.key as TargetKey, url: p.url, pid: p.pid }))],
      index,
    );
    let phase = 0;
    const payments = () => new PaymentGenerator(SEED, 7_000 * (index + 1) + phase, `peers-r${index}p${phase++}`);

    const saturation = new Map<TargetKey, Omit<Measured, 'p50Ms' | 'p99Ms'>>();
    for (const target of order) {
      await measured(target.key, async () => {
        await closedLoop({ url: target.url, generator: payments(), connections: SATURATION_CONNECTIONS, durationSeconds: WARMUP_SECONDS });
        const rss = traceTreeRss(target.pid, 100);
        const cpu = treeCpuMeter(target.key === 'direct' ? { upstream: upstream.pid } : { upstream: upstream.pid, proxy: target.pid });
        const outcome = await closedLoop({ url: target.url, generator: payments(), connections: SATURATION_CONNECTIONS, durationSeconds: SATURATION_SECONDS });
        const usage = cpu.stop();
        const memory = rss.stop();
        assertAllOk(`saturation ${target.key}`, outcome);
        const upstreamCpuUs = ((usage.ms['upstream'] ?? NaN) * 1_000) / outcome.responses;
        saturation.set(target.key, {
          rate: outcome.rate,
          cpuUs: target.key === 'direct' ? upstreamCpuUs : ((usage.ms['proxy'] ?? NaN) * 1_000) / outcome.responses,
          upstreamCpuUs,
          rss: memory,
          loadGeneratorCores: usage.selfCores,
          otherCores: usage.otherCores,
        });
      });
    }

    const results: Partial<Record<TargetKey, Measured>> = {};
    for (const target of order) {
      const sat = saturation.get(target.key);
      if (!sat) continue;
      await measured(target.key, async () => {
        await closedLoop({ url: target.url, generator: payments(), connections: 1, durationSeconds: WARMUP_SECONDS });
        const outcome = await closedLoop({ url: target.url, generator: payments(), connections: 1, durationSeconds: SINGLE_SECONDS });
        assertAllOk(`one connection ${target.key}`, outcome);
        const [p50Ms = NaN, p99Ms = NaN] = percentiles(outcome.latencies, [50, 99]);
        results[target.key] = { ...sat, p50Ms, p99Ms };
      });
    }

    const { recorded, dropped } = await stopParity(forward, recorder);
    return { results, quietBefore, recorded, dropped };
  } finally {
    await Promise.allSettled(proxies.map((p) => p.stop()));
    await upstream.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const labels = new Map<TargetKey, string>([
  ['direct', 'direct to the bare node:http server (reference)'],
  ['nginx', 'nginx, proxy_pass + upstream keepalive (1 worker)'],
  ['mitmdump', 'mitmdump --mode reverse, -w flows (recording)'],
]);

/** bench/servers/node-proxy.ts, compiled, in front of the upstream: what a proxy in Node costs before any of Parity's own work. */
async function startNodeProxy(upstreamUrl: string): Promise<PeerProxy> {
  const server = await startServer('node-proxy', 'node-proxy.ts', { compiledDir: compiled?.dir, env: { PARITY_BENCH_UPSTREAM: upstreamUrl } });
  return {
    key: 'node-proxy',
    label: 'plain Node proxy: node:http + undici Pool.request, streamed',
    pid: server.pid,
    url: server.url,
    stop: async () => {
      await server.stop();
      return '';
    },
  };
}

/** A peer that fails to start is skipped for the round with a message; Parity's own failures end the bench. */
async function startPeer(key: TargetKey, start: () => Promise<PeerProxy>): Promise<PeerProxy | undefined> {
  try {
    const proxy = await start();
    labels.set(key, proxy.label);
    return proxy;
  } catch (error) {
    const note = `${key} could not start: ${(error as Error).message.split('\n')[0]}`;
    notes.push(note);
    console.warn(`  ${note} (skipped this round)`);
    return undefined;
  }
}

/** Runs one target's phase; a peer's failure is noted and its figures left out, a Parity failure is rethrown. */
async function measured(key: TargetKey, phase: () => Promise<void>): Promise<void> {
  try {
    await phase();
  } catch (error) {
    if (key === 'direct' || PARITY_KEYS.includes(key)) throw error;
    const note = `${key}: ${(error as Error).message.split('\n')[0]}`;
    notes.push(note);
    console.warn(`  ${note} (left out of this round)`);
  }
}

/** The same request through every proxy must get the upstream's answer, byte for byte. */
async function checkTransparency(upstream: ServerProcess, proxies: readonly PeerProxy[]): Promise<void> {
  const body = new PaymentGenerator(SEED, 1, 'peers-check').next();
  const ask = async (url: string) => {
    const response = await fetch(`${url}/v1/payments/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, text: await response.text() };
  };
  const direct = await ask(upstream.url);
  for (const proxy of proxies) {
    const through = await ask(proxy.url);
    if (through.status !== direct.status || through.text !== direct.text) {
      throw new Error(`${proxy.key} answered ${through.status} ${JSON.stringify(through.text.slice(0, 120))} where the upstream answers ${direct.status}`);
    }
  }
}

interface ParitySummary {
  readonly capture: { readonly offered: number; readonly written: number; readonly dropped: number; readonly refused: number };
}

/** Stops both recorders (flushing the capture) and checks their summaries: forwarding offered nothing, recording lost nothing silently. */
async function stopParity(forward: PeerProxy, recorder: PeerProxy): Promise<{ recorded: number; dropped: number }> {
  const [forwardOut, recorderOut] = await Promise.all([forward.stop(), recorder.stop()]);
  const parse = (name: string, text: string) => {
    try {
      return JSON.parse(text) as ParitySummary;
    } catch {
      throw new Error(`${name} printed no JSON summary: ${text.slice(0, 300)}`);
    }
  };
  const off = parse('parity record --exclude *', forwardOut);
  const on = parse('parity record', recorderOut);
  if (off.capture.offered !== 0) throw new Error(`parity record --exclude '*' offered ${off.capture.offered} exchanges to its capture`);
  if (on.capture.written === 0) throw new Error('parity record recorded nothing');
  if (on.capture.dropped > 0) console.warn(`  note: parity record dropped ${on.capture.dropped} of ${on.capture.offered} exchanges (fail-open under overload)`);
  return { recorded: on.capture.written, dropped: on.capture.dropped };
}

/** Microseconds added (or saved): `+238`, `-43`. */
function signed(us: number): string {
  // `|| 0`: a rounded -0.4 prints as +0, not -0.
  const whole = Math.round(us) || 0;
  return `${whole >= 0 ? '+' : ''}${fmt(whole, 0)}`;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  return items.map((_, i) => items[(i + by) % items.length] as T);
}

function report(rounds: readonly Round[]): void {
  const keys = (['direct', 'nginx', 'mitmdump', 'node-proxy', 'parity-forward', 'parity-record'] as const).filter((key) => rounds.some((r) => r.results[key]));
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const rows: string[][] = [];
  const goals: string[][] = [];
  for (const key of keys) {
    // Each figure is computed within a round (against that round's direct measurement), then the median over rounds.
    const paired = rounds.flatMap((r) => {
      const mine = r.results[key];
      const direct = r.results.direct;
      return mine && direct ? [{ mine, direct }] : [];
    });
    const { median: m, range } = acrossRuns(paired);
    const cell = (pick: (p: (typeof paired)[number]) => number, digits: number) => `${fmt(m(pick), digits)}${paired.length > 1 ? ` (${range(pick, digits)})` : ''}`;
    const cpuX = (p: (typeof paired)[number]) => p.mine.cpuUs / p.direct.cpuUs;
    const addedP50 = (p: (typeof paired)[number]) => (p.mine.p50Ms - p.direct.p50Ms) * 1_000;
    const addedP99 = (p: (typeof paired)[number]) => (p.mine.p99Ms - p.direct.p99Ms) * 1_000;
    const peakMb = (p: (typeof paired)[number]) => p.mine.rss.peakBytes / MB;
    const growth = (p: (typeof paired)[number]) => p.mine.rss.endBytes / p.mine.rss.startBytes - 1;
    const direct = key === 'direct';
    let goal = '';
    if (PARITY_KEYS.includes(key)) {
      const cpuGoal = key === 'parity-forward' ? GOALS.forwardCpuX : GOALS.recordCpuX;
      // [short name for the main table, full name, median, target, met]
      const checks: [string, string, string, string, boolean][] = [
        [`CPU ≤ ${cpuGoal}×`, 'CPU per request, × bare server', fmt(m(cpuX), 2), `≤ ${cpuGoal}`, m(cpuX) <= cpuGoal],
        [`p50 ≤ ${GOALS.addedP50Us} µs`, 'added p50, 1 connection (µs)', fmt(m(addedP50), 0), `≤ ${GOALS.addedP50Us}`, m(addedP50) <= GOALS.addedP50Us],
        [`p99 ≤ 1 ms`, 'added p99, 1 connection (µs)', fmt(m(addedP99), 0), `≤ ${GOALS.addedP99Us}`, m(addedP99) <= GOALS.addedP99Us],
        [`RSS ≤ ${GOALS.rssMb} MB`, 'RSS peak at saturation (MB)', fmt(m(peakMb), 1), `≤ ${GOALS.rssMb}`, m(peakMb) <= GOALS.rssMb],
        ['flat', 'RSS growth, start → end of saturation', `${fmt(100 * m(growth), 1)}%`, `≤ +${100 * GOALS.flatGrowth}% (flat)`, m(growth) <= GOALS.flatGrowth],
      ];
      goal = checks.map(([short, , , , ok]) => `${short} ${verdict(ok)}`).join('; ');
      for (const [, name, value, target, ok] of checks) goals.push([`${key}: ${name}`, value, target, verdict(ok)]);
    }
    rows.push([
      labels.get(key) ?? key,
      cell((p) => p.mine.rate, 0),
      direct ? '100' : cell((p) => (100 * p.mine.rate) / p.direct.rate, 1),
      cell((p) => p.mine.cpuUs, 1),
      direct ? '1.00' : cell(cpuX, 2),
      direct ? `${fmt(m((p) => p.mine.p50Ms * 1_000), 0)} / ${fmt(m((p) => p.mine.p99Ms * 1_000), 0)}` : `${signed(m(addedP50))} / ${signed(m(addedP99))}`,
      cell(peakMb, 1),
      `${fmt(m((p) => p.mine.rss.startBytes / MB), 1)} → ${fmt(m((p) => p.mine.rss.endBytes / MB), 1)}`,
      goal,
    ]);
  }

  console.log(
    `\nMedians of ${rounds.length} round${rounds.length === 1 ? '' : 's'} (min – max in brackets); node ${process.version}; ${SATURATION_CONNECTIONS} connections × ${SATURATION_SECONDS} s, 1 connection × ${SINGLE_SECONDS} s\n`,
  );
  printTable(
    ['', 'req/s at 100 conn', '% of direct', 'CPU µs/req', '× bare CPU', 'added p50 / p99 µs, 1 conn', 'RSS peak MB', 'RSS start → end MB', 'issue 15 goals'],
    rows,
  );
  console.log('\n(direct row: its own p50 / p99 at one connection, and the bare server\'s RSS; CPU is of the whole process tree: parity\'s store worker, nginx master + worker)\n');
  if (goals.length > 0) {
    printTable(['issue 15 goal', 'median', 'target', 'status'], goals);
    console.log('');
  }

  printFloor(rounds);

  const { median: m } = acrossRuns(rounds);
  const context: string[][] = [];
  for (const key of keys) {
    const values = rounds.flatMap((r) => (r.results[key] ? [r.results[key]] : []));
    context.push([`upstream CPU per request behind ${key} (µs)`, fmt(median(values.map((v) => v.upstreamCpuUs)), 1)]);
  }
  for (const key of keys) {
    const values = rounds.flatMap((r) => (r.results[key] ? [r.results[key]] : []));
    context.push([`load generator CPU at saturation, ${key} (cores)`, fmt(median(values.map((v) => v.loadGeneratorCores)), 2)]);
  }
  const others = rounds.flatMap((r) => Object.values(r.results).map((v) => v.otherCores));
  context.push(['other CPU on the machine, worst phase (cores)', fmt(Math.max(...others), 2)]);
  context.push(['machine busy before each round, median (cores)', fmt(m((r) => r.quietBefore), 2)]);
  context.push(['exchanges recorded by parity record per round', fmt(m((r) => r.recorded), 0)]);
  context.push(['exchanges dropped by parity record, all rounds', String(rounds.reduce((n, r) => n + r.dropped, 0))]);
  printTable(['context', 'median'], context);
  if (!tools.nginx) console.log('\nnginx: not installed, skipped (apt-get install -y nginx)');
  if (!tools.mitmdump) console.log('\nmitmdump: not installed, skipped (apt-get install -y mitmproxy)');
  if (notes.length > 0) console.log(`\nLeft out:\n${notes.map((n) => `  ${n}`).join('\n')}`);
  console.log(`\nnginx: ${tools.nginx ?? 'n/a'}; mitmdump: ${tools.mitmdump ?? 'n/a'}`);
}

/**
 * Parity against the plain Node proxy, round by round: what a proxy costs on this platform written
 * the obvious way (two HTTP parsers, the event loop, undici, streams), beside what Parity costs.
 */
function printFloor(rounds: readonly Round[]): void {
  const paired = rounds.flatMap((r) => {
    const plain = r.results['node-proxy'];
    const direct = r.results.direct;
    return plain && direct ? [{ plain, direct, forward: r.results['parity-forward'], record: r.results['parity-record'] }] : [];
  });
  if (paired.length === 0) return;
  const { median: m, range } = acrossRuns(paired);
  const cell = (pick: (p: (typeof paired)[number]) => number, digits: number, unit = '') => `${fmt(m(pick), digits)}${unit}${paired.length > 1 ? ` (${range(pick, digits)})` : ''}`;
  const rows: string[][] = [['plain Node proxy, CPU × bare server', cell((p) => p.plain.cpuUs / p.direct.cpuUs, 2)]];
  rows.push(['plain Node proxy, added p50 / p99, 1 connection (µs)', `${signed(m((p) => (p.plain.p50Ms - p.direct.p50Ms) * 1_000))} / ${signed(m((p) => (p.plain.p99Ms - p.direct.p99Ms) * 1_000))}`]);
  rows.push(['plain Node proxy, RSS peak (MB)', cell((p) => p.plain.rss.peakBytes / MB, 1)]);
  for (const key of ['parity-forward', 'parity-record'] as const) {
    const mine = (p: (typeof paired)[number]) => p[key === 'parity-forward' ? 'forward' : 'record'];
    if (!paired.every((p) => mine(p))) continue;
    const of = (p: (typeof paired)[number]) => mine(p) as Measured;
    rows.push([`${key} CPU ÷ plain Node proxy CPU`, cell((p) => of(p).cpuUs / p.plain.cpuUs, 2, '×')]);
    rows.push([`${key} p50 / p99 beyond the plain Node proxy (µs)`, `${signed(m((p) => (of(p).p50Ms - p.plain.p50Ms) * 1_000))} / ${signed(m((p) => (of(p).p99Ms - p.plain.p99Ms) * 1_000))}`]);
  }
  printTable(['against a plain Node proxy (same round)', 'median (min – max)'], rows);
  console.log('');
}

await runBench(main, cleanup);
