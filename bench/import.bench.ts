/**
 * Import throughput: exchanges/s importing a generated JSON Lines file (~1.5 KB per exchange) into
 * a capture, against raw better-sqlite3 inserts of the same rows measured in the same run (a
 * prepared statement, one transaction per 1,000 rows, the same file settings, SQLite's automatic
 * checkpoints). Median of 3 runs.
 *
 *   npm run bench:import                              # 200,000 exchanges, the import under tsx
 *   npm run bench:import -- 50000 --compiled          # another count; the import compiled, on plain node
 *   npm run bench:import -- 50000 --compiled --cpu-prof prof   # V8 profiles of both of its threads
 *
 * Two import paths are measured: a foreign JSONL file (every exchange goes through the full
 * redactor) and a Parity export imported with `trustExports` (`--trust-export`: stored as it is;
 * without it an export is redacted like any file). The data is generated into a temporary
 * directory, never committed. An import reads on the main thread and writes on another, so its
 * CPU (all threads, in cores) is printed beside its rate: above 1 core the two overlap.
 *
 * With --compiled each import runs in a child `node` on the sources compiled by tsc (what users
 * run from dist/), timed inside it from the call of importFile to its return, as in this process;
 * without it, in this process under tsx, whose loader the writer thread also loads before it opens
 * the file (~0.5 s, a fifth of a 50,000-exchange import).
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { JSONL_MARKER } from '../src/import/export-marker.js';
import { importFile } from '../src/import/import-file.js';
import { jsonl } from '../src/import/jsonl.js';
import { toJsonlLine } from '../src/import/jsonl-format.js';
import { createCapture } from '../src/store/index.js';
import { INSERT_EXCHANGE, toRow, type NewExchangeRow } from '../src/store/rows.js';
import { exchangeAt, random } from './lib/exchanges.js';
import { benchFlags, median, positiveInt } from './lib/measure.js';

const { values: flags, positionals } = benchFlags({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '3' },
    compiled: { type: 'boolean', default: false },
    'export-only': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
const USAGE = `usage: npm run bench:import -- [COUNT] [options]

  COUNT            exchanges to generate and import (200,000 by default, at least 1,000)
  --runs N         runs; every figure is the median over them (default 3)
  --compiled       run the imports compiled by tsc on plain node (a child process each), not under tsx
  --export-only    measure the Parity export (--trust-export) only, not the foreign file (full redaction)
  --cpu-prof DIR   with --compiled: V8 CPU profiles of each import's threads (main and writer) in DIR/<path>-<run>/`;
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
const argument = positionals[0];
const COUNT = Number(argument ?? 200_000);
if (!Number.isSafeInteger(COUNT) || COUNT < 1_000 || positionals.length > 1) {
  console.error(`bench:import: the count must be a whole number of at least 1000, not ${JSON.stringify(positionals.join(' '))}\n${USAGE}`);
  process.exit(2);
}
if (flags['cpu-prof'] !== undefined && !flags.compiled) {
  console.error('bench:import: --cpu-prof profiles the compiled import\'s child process: add --compiled');
  process.exit(2);
}
const RUNS = positiveInt(flags.runs, '--runs');
const BATCH = 1_000;
const KEY = Buffer.from('bench-import-key-0123456789abcdef');
const KINDS = flags['export-only'] ? (['exported'] as const) : (['foreign', 'exported'] as const);
type Kind = 'foreign' | 'exported';

/**
 * The child of --compiled, written beside the compiled sources (a file, not `-e`: a worker
 * inherits the process's flags, and `--input-type` fails in it): imports the compiled
 * import-file.js, then times importFile alone (its module already loaded, as in this process)
 * and prints what it measured as JSON.
 */
const CHILD = `
const [moduleUrl, input, out, kind, keyHex] = process.argv.slice(2);
const { importFile } = await import(moduleUrl);
const started = performance.now();
const cpu = process.cpuUsage();
const result = await importFile({ format: 'jsonl', input, out, key: Buffer.from(keyHex, 'hex'), createdBy: 'bench', trustExports: kind === 'exported' });
const elapsedMs = performance.now() - started;
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ imported: result.imported, elapsedMs, cpuMs: (used.user + used.system) / 1000 }));
`;

interface Measured {
  readonly imported: number;
  readonly elapsedMs: number;
  /** CPU of every thread of the import's process over the import. */
  readonly cpuMs: number;
}

async function importInProcess(kind: Kind, input: string, out: string): Promise<Measured> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await importFile({ format: 'jsonl', input, out, key: KEY, createdBy: 'bench', trustExports: kind === 'exported' });
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { imported: result.imported, elapsedMs, cpuMs: (used.user + used.system) / 1000 };
}

function importCompiled(compiledDir: string, kind: Kind, input: string, out: string, profileDir: string | undefined): Measured {
  const moduleUrl = pathToFileURL(join(compiledDir, 'src', 'import', 'import-file.js')).href;
  if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
  const profile = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const output = execFileSync(process.execPath, [...profile, join(compiledDir, 'import-run.mjs'), moduleUrl, input, out, kind, KEY.toString('hex')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(output) as Measured;
}

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  let block = '';
  for (const line of lines) {
    block += line;
    if (block.length > 1 << 20) {
      if (!out.write(block)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      block = '';
    }
  }
  out.write(block);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

const diskSize = (file: string) => ['', '-wal'].reduce((sum, s) => sum + (statSync(file + s, { throwIfNoEntry: false })?.size ?? 0), 0);

/**
 * Inserts the rows into a new capture at `file` (prepared INSERT, one transaction per 1,000,
 * checkpointed and closed as CaptureWriter closes it) and returns exchanges/s.
 */
function rawInserts(rows: readonly NewExchangeRow[], file: string): number {
  const db = createCapture(file, { createdBy: 'bench', source: 'bench' });
  const insert = db.prepare(INSERT_EXCHANGE);
  const insertBatch = db.transaction((from: number) => {
    for (let i = from; i < Math.min(from + BATCH, rows.length); i++) insert.run(rows[i]);
  });
  const started = performance.now();
  for (let from = 0; from < rows.length; from += BATCH) insertBatch(from);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return rows.length / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parity-bench-import-'));
  let compiled: { dir: string; remove(): void } | undefined;
  try {
    if (flags.compiled) {
      const { compileServers } = await import('./lib/compile.js');
      // The writer's module is loaded by URL at run time, so it is a root of its own.
      compiled = compileServers(['../../src/import/import-file.ts', '../../src/import/import-store-worker.ts']);
      writeFileSync(join(compiled.dir, 'import-run.mjs'), CHILD);
    }
    const next = random(20261123);
    const exchanges = Array.from({ length: COUNT }, (_, i) => exchangeAt(i, next));
    const foreign = join(dir, 'foreign.jsonl');
    const exported = join(dir, 'exported.jsonl');
    await writeLines(foreign, (function* () {
      for (const e of exchanges) yield `${toJsonlLine(e)}\n`;
    })());
    await writeLines(exported, (function* () {
      yield `${JSON.stringify(JSONL_MARKER)}\n`;
      for (const e of exchanges) yield `${toJsonlLine(e)}\n`;
    })());
    const rows = exchanges.map(toRow);
    exchanges.length = 0;
    const fileBytes = statSync(foreign).size;
    console.log(`${COUNT.toLocaleString('en')} exchanges, ${(fileBytes / COUNT).toFixed(0)} bytes per JSONL line, ${(fileBytes / 1e6).toFixed(0)} MB; node ${process.version}, ${RUNS} runs each; import ${compiled ? 'compiled by tsc, on plain node' : 'under tsx'}`);

    const raw: number[] = [];
    const rawBytes: number[] = [];
    const imports: Record<Kind, number[]> = { foreign: [], exported: [] };
    /** CPU the import took in all its threads, in cores (reading and writing overlap on two threads). */
    const cores: Record<Kind, number[]> = { foreign: [], exported: [] };
    const parseOnly: number[] = [];
    const importBytes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Raw SQLite: the same rows, pre-built in memory, a prepared INSERT, one transaction per 1,000.
      const rawFile = join(dir, `raw-${run}.db`);
      raw.push(rawInserts(rows, rawFile));
      rawBytes.push(diskSize(rawFile));
      rmSync(rawFile, { force: true });

      for (const kind of KINDS) {
        const out = join(dir, `import-${kind}-${run}.db`);
        const input = kind === 'foreign' ? foreign : exported;
        const profileDir = flags['cpu-prof'] === undefined ? undefined : join(flags['cpu-prof'], `${kind}-${run + 1}`);
        const result = compiled ? importCompiled(compiled.dir, kind, input, out, profileDir) : await importInProcess(kind, input, out);
        imports[kind].push(result.imported / (result.elapsedMs / 1000));
        cores[kind].push(result.cpuMs / result.elapsedMs);
        if (result.imported !== COUNT) throw new Error(`imported ${result.imported} of ${COUNT}`);
        if (kind === 'exported') importBytes.push(diskSize(out));
        rmSync(out, { force: true });
      }
      // Where the rest goes: reading and parsing the file alone, nothing redacted or written.
      const t = performance.now();
      let parsed = 0;
      for await (const record of jsonl.records(exported)) if (record.ok) parsed++;
      parseOnly.push(parsed / ((performance.now() - t) / 1000));

      console.log(
        `run ${run + 1}: raw ${raw[run]?.toFixed(0)}/s · ${flags['export-only'] ? '' : `foreign ${imports.foreign[run]?.toFixed(0)}/s (${cores.foreign[run]?.toFixed(2)} cores) · `}exported ${imports.exported[run]?.toFixed(0)}/s (${cores.exported[run]?.toFixed(2)} cores) · parse only ${parseOnly[run]?.toFixed(0)}/s`,
      );
    }
    const rawMedian = median(raw);
    const range = (values: number[]) => `${Math.round(Math.min(...values)).toLocaleString('en')}-${Math.round(Math.max(...values)).toLocaleString('en')}`;
    const line = (name: string, values: number[], cpu?: number[]) =>
      values.length === 0 ? `| ${name} | not measured | | |` : `| ${name} | ${Math.round(median(values)).toLocaleString('en')} (${range(values)}) | ${((median(values) / rawMedian) * 100).toFixed(0)}% | ${cpu ? median(cpu).toFixed(2) : '1 thread'} |`;
    console.log('');
    console.log(`| Path | Exchanges/s, median of ${RUNS} (range) | vs raw SQLite insert | CPU (cores) |`);
    console.log('|---|---:|---:|---:|');
    console.log(line('raw better-sqlite3 insert of the same rows (reference)', raw));
    console.log(line('`parity import jsonl --trust-export`, Parity export (stored as it is)', imports.exported, cores.exported));
    console.log(line('`parity import jsonl`, foreign file (full redaction)', imports.foreign, cores.foreign));
    console.log(line('reading and parsing the JSONL alone (no redaction, no SQLite)', parseOnly));
    console.log('');
    console.log(`bytes on disk per exchange: ${(median(importBytes) / COUNT).toFixed(0)} (import), ${(median(rawBytes) / COUNT).toFixed(0)} (raw); JSONL ${(fileBytes / COUNT).toFixed(0)}`);
  } finally {
    compiled?.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
