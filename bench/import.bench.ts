/**
 * Import throughput: exchanges/s importing a generated JSON Lines file (~1.5 KB per exchange) into
 * a capture, against raw better-sqlite3 inserts of the same rows measured in the same run (a
 * prepared statement, one transaction per 1,000 rows, the same file settings). Median of 3 runs.
 *
 *   npm run bench:import                 # 200,000 exchanges
 *   npm run bench:import -- 50000        # another count
 *
 * Two import paths are measured: a foreign JSONL file (every exchange goes through the full
 * redactor) and a Parity export imported with `trustExports` (`--trust-export`: stored as it is;
 * without it an export is redacted like any file). The data is generated into a temporary
 * directory, never committed. An import reads on the main thread and writes on another, so its
 * CPU (all threads, in cores) is printed beside its rate: above 1 core the two overlap.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSONL_MARKER } from '../src/import/export-marker.js';
import { importFile } from '../src/import/import-file.js';
import { jsonl } from '../src/import/jsonl.js';
import { toJsonlLine } from '../src/import/jsonl-format.js';
import { createCapture } from '../src/store/index.js';
import { INSERT_EXCHANGE, toRow } from '../src/store/rows.js';
import { exchangeAt, random } from './lib/exchanges.js';
import { median } from './lib/measure.js';

const USAGE = 'usage: npm run bench:import -- [COUNT]   (exchanges to generate and import; 200000 by default)';
const argument = process.argv[2];
if (argument === '--help' || argument === '-h') {
  console.log(USAGE);
  process.exit(0);
}
const COUNT = Number(argument ?? 200_000);
if (!Number.isSafeInteger(COUNT) || COUNT < 1_000) {
  console.error(`bench:import: the count must be a whole number of at least 1000, not ${JSON.stringify(argument)}\n${USAGE}`);
  process.exit(2);
}
const RUNS = 3;
const BATCH = 1_000;
const KEY = Buffer.from('bench-import-key-0123456789abcdef');

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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parity-bench-import-'));
  try {
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
    console.log(`${COUNT.toLocaleString('en')} exchanges, ${(fileBytes / COUNT).toFixed(0)} bytes per JSONL line, ${(fileBytes / 1e6).toFixed(0)} MB; node ${process.version}, ${RUNS} runs each`);

    const raw: number[] = [];
    const rawBytes: number[] = [];
    const imports: Record<'foreign' | 'exported', number[]> = { foreign: [], exported: [] };
    /** CPU the import took in all its threads, in cores (reading and writing overlap on two threads). */
    const cores: Record<'foreign' | 'exported', number[]> = { foreign: [], exported: [] };
    const parseOnly: number[] = [];
    const importBytes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Raw SQLite: the same rows, pre-built in memory, a prepared INSERT, one transaction per 1,000.
      const rawFile = join(dir, `raw-${run}.db`);
      const db = createCapture(rawFile, { createdBy: 'bench', source: 'bench' });
      const insert = db.prepare(INSERT_EXCHANGE);
      const insertBatch = db.transaction((from: number) => {
        for (let i = from; i < Math.min(from + BATCH, rows.length); i++) insert.run(rows[i]);
      });
      let t = performance.now();
      for (let from = 0; from < rows.length; from += BATCH) insertBatch(from);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      raw.push(COUNT / ((performance.now() - t) / 1000));
      rawBytes.push(diskSize(rawFile));
      rmSync(rawFile, { force: true });

      for (const kind of ['foreign', 'exported'] as const) {
        const out = join(dir, `import-${kind}-${run}.db`);
        t = performance.now();
        const cpu = process.cpuUsage();
        const result = await importFile({ format: 'jsonl', input: kind === 'foreign' ? foreign : exported, out, key: KEY, createdBy: 'bench', trustExports: kind === 'exported' });
        const elapsedMs = performance.now() - t;
        const used = process.cpuUsage(cpu);
        imports[kind].push(result.imported / (elapsedMs / 1000));
        cores[kind].push((used.user + used.system) / 1000 / elapsedMs);
        if (result.imported !== COUNT) throw new Error(`imported ${result.imported} of ${COUNT}`);
        if (kind === 'exported') importBytes.push(diskSize(out));
        rmSync(out, { force: true });
      }
      // Where the rest goes: reading and parsing the file alone, nothing redacted or written.
      t = performance.now();
      let parsed = 0;
      for await (const record of jsonl.records(exported)) if (record.ok) parsed++;
      parseOnly.push(parsed / ((performance.now() - t) / 1000));

      console.log(
        `run ${run + 1}: raw ${raw[run]?.toFixed(0)}/s · foreign ${imports.foreign[run]?.toFixed(0)}/s (${cores.foreign[run]?.toFixed(2)} cores) · exported ${imports.exported[run]?.toFixed(0)}/s (${cores.exported[run]?.toFixed(2)} cores) · parse only ${parseOnly[run]?.toFixed(0)}/s`,
      );
    }
    const rawMedian = median(raw);
    const range = (values: number[]) => `${Math.round(Math.min(...values)).toLocaleString('en')}-${Math.round(Math.max(...values)).toLocaleString('en')}`;
    const line = (name: string, values: number[], cpu?: number[]) =>
      `| ${name} | ${Math.round(median(values)).toLocaleString('en')} (${range(values)}) | ${((median(values) / rawMedian) * 100).toFixed(0)}% | ${cpu ? median(cpu).toFixed(2) : '1 thread'} |`;
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
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
