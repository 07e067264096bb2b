import { basename, join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { BENCH_DEFAULTS } from '../../bench/bench-defaults.js';
import type { BenchSide } from '../../bench/sides.js';
import type { LoadResult, Pace } from '../../bench/model.js';
import { Histogram } from '../../util/histogram.js';
import type { Io } from '../io.js';
import { parseDuration, parseDurationOrZero, parseHttpUrl, parsePositiveInt, parsePositiveNumber } from '../options.js';
import { usage } from '../usage-error.js';

const seconds = (ms: number) => `${ms / 1000}s`;

const EXAMPLES = `
Examples:
  $ parity bench captures/mirror.db --legacy http://127.0.0.1:8080 --candidate http://127.0.0.1:8090 --rate 1000
  $ parity bench captures/mirror.db --legacy-cmd 'parity validator --port {port}' --candidate-cmd './rewrite --listen :$PORT' --duration 60s
  $ parity bench captures/mirror.db --legacy http://old:8080 --legacy-pid 4242 --candidate http://new:8090 --candidate-pid 4343 --speed 2x
  $ parity bench captures/mirror.db --legacy-cmd '…' --candidate-cmd '…' --find-max --slo-p99 50ms

The sides are measured one at a time, in alternating windows (legacy, candidate, candidate,
legacy, …) with the same requests in the same order, so a shared machine's drift cancels out of
their ratio. Latency is measured from each request's intended send time (open loop). CPU and
memory come from the operating system (Linux /proc) for a side whose process is known: a PID
given, or a command Parity starts (its port is in $PORT and replaces {port}). Every ratio has a
95% bootstrap interval; when the harness itself could not keep up, the report says so.
Gate on the result with: parity gate <out>/bench.json`;

interface BenchFlags {
  readonly legacy?: URL;
  readonly candidate?: URL;
  readonly legacyPid?: number;
  readonly candidatePid?: number;
  readonly legacyCmd?: string;
  readonly candidateCmd?: string;
  readonly rate?: number;
  readonly speed?: number;
  readonly duration?: number;
  readonly window?: number;
  readonly warmup?: number;
  readonly connections?: number;
  readonly timeout?: number;
  readonly resetPath?: string;
  readonly findMax?: boolean;
  readonly sloP99?: number;
  readonly seed?: number;
  readonly out?: string;
  readonly json?: boolean;
}

export function registerBench(program: Command, io: Io): void {
  program
    .command('bench')
    .description("Measure both sides' latency, throughput, CPU and memory with a capture's requests: the rewrite's scorecard.")
    .argument('<capture>', 'a capture file written by parity record or parity import')
    .option('--legacy <url>', 'the service being replaced, already running', parseHttpUrl)
    .option('--candidate <url>', 'the rewrite, already running', parseHttpUrl)
    .option('--legacy-pid <pid>', "legacy's process: its CPU and memory are read from the operating system", parsePositiveInt)
    .option('--candidate-pid <pid>', "the candidate's process, likewise", parsePositiveInt)
    .option('--legacy-cmd <command>', 'start legacy with this shell command (port in $PORT and {port}), measure it, stop it')
    .option('--candidate-cmd <command>', 'start the candidate likewise')
    .option('--rate <n>', `requests per second, open loop (default ${BENCH_DEFAULTS.pace.kind === 'rate' ? BENCH_DEFAULTS.pace.perSecond : '-'})`, parsePositiveNumber)
    .option('--speed <factor>', "the capture's own pace times a factor instead of a fixed rate, e.g. 2x", parseSpeed)
    .option('--duration <time>', `measured time per side (default ${seconds(BENCH_DEFAULTS.durationMs)})`, parseDuration)
    .option('--window <time>', `length of one window; the sides alternate window by window (default ${seconds(BENCH_DEFAULTS.windowMs)})`, parseDuration)
    .option('--warmup <time>', `unmeasured load on each side first (default ${seconds(BENCH_DEFAULTS.warmupMs)}; 0 for none)`, parseDurationOrZero)
    .option('--connections <n>', `connections to each side (default ${BENCH_DEFAULTS.connections})`, parsePositiveInt)
    .option('--timeout <time>', `per-request timeout, counted as an error (default ${seconds(BENCH_DEFAULTS.timeoutMs)})`, parseDuration)
    .option('--reset-path <path>', 'POST this path on a side before each of its windows (e.g. /admin/reset); windows then all start from the first request')
    .option('--find-max', "also ramp the rate on each side until its p99 passes --slo-p99 or errors appear: each side's peak rate")
    .option('--slo-p99 <time>', `the p99 a sustainable rate keeps, for --find-max (default ${BENCH_DEFAULTS.sloP99Ms}ms)`, parseDuration)
    .option('--seed <n>', `seed of the bootstrap intervals (default ${BENCH_DEFAULTS.seed})`, parsePositiveInt)
    .option('--out <dir>', 'where bench.json, bench.md and bench.html go (default reports/<capture name>-bench)')
    .option('--json', 'print the bench report JSON to stdout instead of the scorecard')
    .addHelpText('after', EXAMPLES)
    .action(async (capture: string, flags: BenchFlags) => {
      const legacy = side('legacy', flags.legacy, flags.legacyPid, flags.legacyCmd);
      const candidate = side('candidate', flags.candidate, flags.candidatePid, flags.candidateCmd);
      if (flags.rate !== undefined && flags.speed !== undefined) throw usage('give --rate or --speed, not both');
      if (flags.sloP99 !== undefined && !flags.findMax) throw usage('--slo-p99 is the SLO of --find-max: add --find-max');
      const pace: Pace | undefined = flags.speed !== undefined ? { kind: 'recorded', speed: flags.speed } : flags.rate !== undefined ? { kind: 'rate', perSecond: flags.rate } : undefined;
      const [{ runBench }, { prepareReportDir }, { writeBenchFiles, benchReport }, { renderBenchText }, { ParityError }] = await Promise.all([
        import('../../bench/run-bench.js'),
        import('../../render/report-dir.js'),
        import('../../render/write.js'),
        import('../../render/performance-text.js'),
        import('../../core/errors.js'),
      ]);
      const out = flags.out ?? join('reports', `${basename(capture).replace(/\.db$/, '')}-bench`);
      const outDir = await prepareReportDir(out);
      const interrupt = new AbortController();
      void io.untilInterrupted().then(() => interrupt.abort());
      const startedAt = new Date();
      const section = await runBench({
        capture,
        legacy,
        candidate,
        ...(pace ? { pace } : {}),
        ...(flags.duration !== undefined ? { durationMs: flags.duration } : {}),
        ...(flags.window !== undefined ? { windowMs: flags.window } : {}),
        ...(flags.warmup !== undefined ? { warmupMs: flags.warmup } : {}),
        ...(flags.connections !== undefined ? { connections: flags.connections } : {}),
        ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
        ...(flags.resetPath !== undefined ? { resetPath: flags.resetPath } : {}),
        ...(flags.findMax ? { findMax: flags.sloP99 !== undefined ? { sloP99Ms: flags.sloP99 } : {} } : {}),
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        signal: interrupt.signal,
        onWindow: (window, done, total) => {
          if (!flags.json) io.stderr.write(`bench ${String(done).padStart(String(total).length)}/${total} ${window.side.padEnd(9)} ${formatWindow(window.load)}\n`);
        },
        onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
      }).catch(async (error: unknown) => {
        await outDir.removeIfEmpty();
        throw error;
      });
      const report = benchReport(section, startedAt);
      const [reportPath = join(out, 'bench.json'), ...renderings] = await writeBenchFiles(out, report);
      if (flags.json) io.stdout.write(`${JSON.stringify(report)}\n`);
      else io.stdout.write(`${renderBenchText(report)}report       ${reportPath}\nrenderings   ${renderings.join(', ')}\n`);
      if (section.interrupted) throw new ParityError('INTERRUPTED', `bench interrupted: ${reportPath} covers the ${section.windows.length} windows measured so far`);
    });
}

function formatWindow(load: LoadResult): string {
  const latency = Histogram.from(load.latency);
  const ms = (us: number) => (us / 1000).toFixed(us < 10_000 ? 2 : 1);
  return `${Math.round(load.completed / (load.durationMs / 1000))} req/s  p50 ${ms(latency.percentile(50))} ms  p99 ${ms(latency.percentile(99))} ms  errors ${load.errors + load.serverErrors}`;
}

function side(name: 'legacy' | 'candidate', url: URL | undefined, pid: number | undefined, command: string | undefined): BenchSide {
  if (url && command) throw usage(`give --${name} or --${name}-cmd, not both`);
  if (command !== undefined) {
    if (pid !== undefined) throw usage(`--${name}-pid is for a service already running; a --${name}-cmd is measured without it`);
    if (command.trim() === '') throw usage(`--${name}-cmd is empty`);
    return { command };
  }
  if (!url) throw usage(`--${name} <url> or --${name}-cmd <command> is required`);
  return pid === undefined ? { url } : { url, pid };
}

/** `2x`, `2`, `0.5x`: a factor above 0. */
function parseSpeed(value: string): number {
  const n = Number(value.trim().replace(/x$/i, ''));
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a factor above 0, such as 2x or 0.5x.');
  return n;
}
