/**
 * A capture of 1,000,000 exchanges: how long `parity captures info` takes on it, against a raw
 * better-sqlite3 scan of the same file measured in the same run (the floor: reading every response
 * body once), and whether the streaming reader's memory stays flat from the first 100,000
 * exchanges to the last. Median of several runs; the file is generated once, in a temporary
 * directory, and deleted at the end.
 *
 *   npm run bench:capture-scale -- [--count 1000000] [--runs 3]
 *
 * Each measurement runs in its own process (bench/servers/capture-scan.ts) so its RSS is its own.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureWriter, createCapture } from '../src/store/index.js';
import { exchangeAt, random } from './lib/exchanges.js';
import { acrossRuns, benchFlags, fmt, MB, positiveInt, printTable, repeat, runBench } from './lib/measure.js';
import { runTraced, type TracedRun } from './lib/traced-child.js';
import { PROJECT_ROOT } from './lib/servers.js';

const { values: flags } = benchFlags({
  options: {
    count: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(`usage: npm run bench:capture-scale -- [--count N] [--runs N]

  --count N   exchanges in the generated capture (default 1,000,000; ~1.4 GB on disk)
  --runs N    runs of each measurement; figures are medians (default 3)`);
  process.exit(0);
}
const COUNT = positiveInt(flags.count, '--count');
const RUNS = positiveInt(flags.runs, '--runs');
const BATCH = 1_000;
const EARLY = Math.min(100_000, Math.floor(COUNT / 10));

type Scan = 'info' | 'raw' | 'reader';

/** For the reader, `marks` holds its RSS after EARLY exchanges ("early") and after the last ("end"). */
type ScanResult = TracedRun;

interface RunResult {
  readonly info: ScanResult;
  readonly raw: ScanResult;
  readonly reader: ScanResult;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parity-bench-scale-'));
  try {
    const file = join(dir, 'capture.db');
    const started = performance.now();
    generate(file);
    const generateSeconds = (performance.now() - started) / 1000;
    const bytes = statSync(file).size;
    console.log(`capture of ${COUNT.toLocaleString('en')} exchanges: ${(bytes / MB).toFixed(0)} MB, ${bytes / COUNT | 0} B per exchange, written in ${generateSeconds.toFixed(1)} s\n`);
    const runs = await repeat(RUNS, async (i) => {
      const order: Scan[] = (['info', 'raw', 'reader'] as const).map((_, k, all) => all[(k + i) % 3] as Scan);
      const results: Partial<Record<Scan, ScanResult>> = {};
      for (const scan of order) results[scan] = await measure(scan, file);
      const r = results as RunResult;
      console.log(
        `run ${i + 1}/${RUNS}: captures info ${fmt(r.info.seconds, 2)} s (peak RSS ${fmt(r.info.rss.peakBytes / MB, 0)} MB), raw scan ${fmt(r.raw.seconds, 2)} s, ` +
          `reader ${fmt(r.reader.seconds, 2)} s, RSS ${fmt(mark(r, 'early') / MB, 0)} MB at ${EARLY.toLocaleString('en')} → ${fmt(mark(r, 'end') / MB, 0)} MB at ${COUNT.toLocaleString('en')}`,
      );
      return r;
    });
    report(runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function generate(file: string): void {
  const db = createCapture(file, { createdBy: 'parity bench', source: 'generated' });
  const writer = new CaptureWriter(db);
  const next = random(20261123);
  for (let at = 0; at < COUNT; at += BATCH) {
    writer.append(Array.from({ length: Math.min(BATCH, COUNT - at) }, (_, k) => exchangeAt(at + k, next)));
  }
  writer.close();
}

/** Runs one scan in a child process, tracing its RSS. */
function measure(scan: Scan, file: string): Promise<ScanResult> {
  const args =
    scan === 'info'
      ? [join(PROJECT_ROOT, 'dist', 'bin.js'), 'captures', 'info', file, '--json']
      : ['--import', 'tsx', join(PROJECT_ROOT, 'bench', 'servers', 'capture-scan.ts'), scan, file, String(EARLY)];
  return runTraced(`${scan} scan`, args);
}

function mark(r: RunResult, name: string): number {
  return r.reader.marks.get(name) ?? NaN;
}

function report(runs: readonly RunResult[]): void {
  const { median: m, range } = acrossRuns(runs);
  const row = (label: string, pick: (r: RunResult) => number, digits: number, target = '') => [label, fmt(m(pick), digits), range(pick, digits), target];
  console.log(`\nMedian of ${runs.length} runs, ${COUNT.toLocaleString('en')} exchanges (node ${process.version})\n`);
  printTable(
    ['figure', 'median', 'min – max', 'target'],
    [
      row('`parity captures info` wall time, whole process (s)', (r) => r.info.seconds, 2),
      row('raw scan: SELECT every response body, better-sqlite3 (s)', (r) => r.raw.seconds, 2),
      row('captures info / raw scan (×)', (r) => r.info.seconds / r.raw.seconds, 2),
      row('`parity captures info` peak RSS (MB)', (r) => r.info.rss.peakBytes / MB, 1),
      row('streaming reader, every exchange in order (s)', (r) => r.reader.seconds, 2),
      row('streaming reader (exchanges/s)', (r) => COUNT / r.reader.seconds, 0),
      row(`reader RSS after ${EARLY.toLocaleString('en')} exchanges (MB)`, (r) => mark(r, 'early') / MB, 1),
      row(`reader RSS after ${COUNT.toLocaleString('en')} exchanges (MB)`, (r) => mark(r, 'end') / MB, 1, 'flat'),
      row('reader RSS end / early (×)', (r) => mark(r, 'end') / mark(r, 'early'), 2, '≈ 1'),
      row('reader peak RSS (MB)', (r) => r.reader.rss.peakBytes / MB, 1),
    ],
  );
}

await runBench(main, () => undefined);
