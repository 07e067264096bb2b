/**
 * Does the scorecard tell a difference from none? `parity bench` (runBench) against the bundled
 * validator, each side a process of its own started from the built CLI (dist/: run `npm run build`
 * first): legacy against an identical candidate `--identical` times (every row must read "no
 * difference"), then against each performance-only mutation, which must be found in its figure
 * (slow-tail: p99; cpu-heavy: CPU per 1k requests; leaky: RSS peak) with an interval beyond the
 * margin. See bench/README.md ("Scorecard").
 *
 *   npm run bench:scorecard -- [--identical 20] [--rate 300] [--pairs 5] [--window 1]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runBench } from '../src/bench/run-bench.js';
import type { Comparison, PerformanceSection } from '../src/bench/model.js';
import { benchFlags, fmt, positiveInt, printTable } from './lib/measure.js';
import { PROJECT_ROOT } from './lib/servers.js';

const { values: flags } = benchFlags({
  options: {
    identical: { type: 'string', default: '20' },
    rate: { type: 'string', default: '300' },
    pairs: { type: 'string', default: '5' },
    window: { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log('usage: npm run bench:scorecard -- [--identical 20] [--rate 300] [--pairs 5] [--window 1]  (seconds per window)');
  process.exit(0);
}
const identicalRuns = positiveInt(flags.identical, '--identical');
const rate = positiveInt(flags.rate, '--rate');
const pairs = positiveInt(flags.pairs, '--pairs');
const windowMs = positiveInt(flags.window, '--window') * 1000;

const BIN = join(PROJECT_ROOT, 'dist', 'bin.js');
const CAPTURE = join(PROJECT_ROOT, 'captures', 'sample.db');
if (!existsSync(BIN)) throw new Error('dist/bin.js is missing: run `npm run build` first');
const validator = (mutation?: string) => `exec ${process.execPath} ${BIN} validator --port {port}${mutation ? ` --mutate ${mutation}` : ''}`;

/** Where each mutation must show, and in which direction. */
const EXPECTED = { 'slow-tail': 'p99', 'cpu-heavy': 'cpuPer1k', leaky: 'rssPeakBytes' } as const;
type Figure = 'p50' | 'p99' | 'cpuPer1k' | 'rssPeakBytes';

function figures(section: PerformanceSection): Record<Figure, Comparison | null> {
  const s = section.scorecard;
  return { p50: s.latency.p50, p99: s.latency.p99, cpuPer1k: s.cpuPer1k, rssPeakBytes: s.rssPeakBytes };
}

function bench(candidate?: string): Promise<PerformanceSection> {
  return runBench({
    capture: CAPTURE,
    legacy: { command: validator() },
    candidate: { command: validator(candidate) },
    pace: { kind: 'rate', perSecond: rate },
    durationMs: pairs * windowMs,
    windowMs,
    warmupMs: windowMs,
    resetPath: '/admin/reset',
  });
}

const cell = (c: Comparison | null) => (c?.ratio == null ? '-' : `${fmt(c.ratio, 3)} [${c.interval ? `${fmt(c.interval[0], 2)}-${fmt(c.interval[1], 2)}` : '-'}] ${c.difference ?? ''}`);
const everyRow = (section: PerformanceSection): [string, Comparison | null][] => {
  const { latency, rate: achieved, cpuPer1k, rssPeakBytes } = section.scorecard;
  return [['p50', latency.p50], ['p90', latency.p90], ['p99', latency.p99], ['p99.9', latency.p999], ['max', latency.max], ['rate', achieved], ['CPU/1k', cpuPer1k], ['RSS peak', rssPeakBytes]];
};
/** The rows of a bench that read as a difference, with their ratio and interval: what a false alarm was. */
const differing = (section: PerformanceSection) => everyRow(section).filter(([, c]) => c?.difference === 'lower' || c?.difference === 'higher').map(([name, c]) => `${name} ${cell(c)}`);

console.log(`scorecard bench: ${pairs} pairs of ${windowMs / 1000} s windows at ${rate} req/s, warm-up ${windowMs / 1000} s, validators from dist/ in processes of their own\n`);
const rows: string[][] = [];
let noDifference = 0;
let trusted = 0;
for (let run = 1; run <= identicalRuns; run++) {
  const section = await bench();
  const f = figures(section);
  const differences = differing(section);
  const clean = differences.length === 0;
  if (clean) noDifference++;
  else console.log(`identical #${run}: ${differences.join('; ')}`);
  if (section.trust.trusted) trusted++;
  rows.push([`identical #${run}`, cell(f.p50), cell(f.p99), cell(f.cpuPer1k), cell(f.rssPeakBytes), clean ? 'no difference' : 'DIFFERENCE', section.trust.trusted ? 'yes' : 'no']);
}
let found = 0;
for (const [mutation, figure] of Object.entries(EXPECTED) as [keyof typeof EXPECTED, Figure][]) {
  const section = await bench(mutation);
  const f = figures(section);
  const hit = f[figure]?.difference === 'higher';
  if (hit) found++;
  rows.push([mutation, cell(f.p50), cell(f.p99), cell(f.cpuPer1k), cell(f.rssPeakBytes), hit ? `found in ${figure}` : `NOT found in ${figure}`, section.trust.trusted ? 'yes' : 'no']);
}
printTable(['candidate', 'p50 ratio [95%]', 'p99 ratio [95%]', 'CPU/1k ratio [95%]', 'RSS peak ratio [95%]', 'verdict', 'trusted'], rows);
console.log(`\nidentical candidate: no difference on every row in ${noDifference} of ${identicalRuns} benches (trusted ${trusted} of ${identicalRuns}); performance mutations found in their figure: ${found} of 3`);
