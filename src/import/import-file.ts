import { statSync } from 'node:fs';
import { ParityError } from '../core/errors.js';
import type { RedactionOptions } from '../redact/redaction-rules.js';
import { createCapture, removeCapture } from '../store/index.js';
import { IMPORTERS, type ImportFormat } from './importers.js';
import { createImportRedactor } from './import-redactor.js';
import { REDACTION_ENGINE } from '../redact/redactor.js';
import { IMPORT_TAG_NOTES } from './import-tags.js';
import { ImportWriter } from './import-writer.js';
import { ReasonCounter, type ReasonCount } from './reason-counts.js';

export interface ImportOptions {
  readonly format: ImportFormat;
  readonly input: string;
  /** The capture to create (never overwritten). */
  readonly out: string;
  /** Card-surrogate key (from PARITY_REDACT_KEY). */
  readonly key: Uint8Array;
  /** Credentials are sealed under it (from PARITY_SEAL_KEY); without it they are removed. */
  readonly sealKey?: Uint8Array | undefined;
  readonly redaction?: RedactionOptions;
  /** Store files marked as Parity exports as they are, not redacted again (see import-redactor.ts). */
  readonly trustExports?: boolean;
  /** Exchanges per transaction. */
  readonly batchSize?: number;
  readonly createdBy: string;
  /** Called after each committed batch. */
  readonly onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  readonly imported: number;
  readonly skipped: number;
  readonly refused: number;
}

export interface ImportResult extends ImportProgress {
  readonly format: ImportFormat;
  readonly input: string;
  readonly out: string;
  readonly skippedReasons: readonly ReasonCount[];
  readonly refusedReasons: readonly ReasonCount[];
  /** Imported exchanges the file did not hold whole, by tag (`request-body-missing: …`, see import-tags.ts). */
  readonly flagged: readonly ReasonCount[];
  /** The file carried Parity's export marker (redacted again unless trustExports). */
  readonly alreadyRedacted: boolean;
  /** Bodies redaction could not decode to clean, so stored empty. */
  readonly withheld: number;
  readonly elapsedMs: number;
}

/**
 * Imports a traffic file into a new capture: records are read as they stream, redacted, and
 * written in batches, one transaction each. Invalid records are skipped and counted by reason;
 * the import fails (IMPORT_UNPARSEABLE, and no capture is left behind) only when none is valid.
 */
export async function importFile(options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  assertReadable(options.input);
  const redact = createImportRedactor(options);
  // No key fingerprint for a trusted export: it keeps surrogates made under another key.
  // Created here, so that a path already taken fails before any thread starts; written by the writer thread.
  createCapture(options.out, { createdBy: options.createdBy, source: `import ${options.format}`, redaction: REDACTION_ENGINE, redactionKey: options.trustExports ? undefined : options.key }).close();
  let writer: ImportWriter;
  try {
    writer = ImportWriter.start(options.out);
  } catch (error) {
    removeCapture(options.out);
    throw error;
  }
  const skipped = new ReasonCounter();
  const refused = new ReasonCounter();
  const flagged = new ReasonCounter();
  const batchSize = options.batchSize ?? 1_000;
  let imported = 0;
  let valid = 0;
  let alreadyRedacted = false;
  let withheld = 0;
  // Progress is told as each batch commits, with the counts as they stood when it was sent.
  const flush = async () => {
    const count = writer.pending;
    const progress = { skipped: skipped.total, refused: refused.total };
    if (count === 0) return progress;
    await writer.flush(() => {
      imported += count;
      options.onProgress?.({ imported, ...progress });
    });
    return undefined;
  };
  try {
    for await (const record of IMPORTERS[options.format].records(options.input)) {
      if (!record.ok) {
        skipped.add(record.reason, record.location);
        continue;
      }
      valid++;
      alreadyRedacted ||= record.alreadyRedacted;
      const clean = redact(record.exchange, record.alreadyRedacted);
      if (!clean.ok) {
        refused.add(clean.reason, record.location);
        continue;
      }
      withheld += clean.withheld;
      for (const tag of clean.exchange.tags) {
        const note = IMPORT_TAG_NOTES[tag];
        if (note !== undefined) flagged.add(`${tag}: ${note}`, record.location);
      }
      writer.add(clean.exchange);
      if (writer.pending >= batchSize) await flush();
    }
    const unsent = await flush();
    await writer.finish();
    // The last records were all skipped or refused: their counts are told all the same.
    if (unsent) options.onProgress?.({ imported, ...unsent });
  } catch (error) {
    // A half import is worse than none: the capture this import created goes.
    await writer.abandon();
    removeCapture(options.out);
    throw unreadable(options.input, error) ?? error;
  }
  if (valid === 0) {
    removeCapture(options.out);
    throw nothingValid(options, skipped.total, skipped.list()[0]);
  }
  return {
    format: options.format,
    input: options.input,
    out: options.out,
    imported,
    skipped: skipped.total,
    refused: refused.total,
    skippedReasons: skipped.list(),
    refusedReasons: refused.list(),
    flagged: flagged.list(),
    alreadyRedacted,
    withheld,
    elapsedMs: performance.now() - started,
  };
}

function assertReadable(input: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(input).isFile();
  } catch (cause) {
    throw new ParityError('IMPORT_NOT_FOUND', `import file not found: ${input}`, { hint: 'check the path of the file to import', cause });
  }
  if (!isFile) throw new ParityError('IMPORT_NOT_FOUND', `${input} is not a file`, { hint: 'pass one HAR, JSONL or .gor file' });
}

function unreadable(input: string, error: unknown): ParityError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EISDIR' && code !== 'ENOENT') return undefined;
  return new ParityError('IMPORT_NOT_FOUND', `cannot read ${input}: ${code}`, { hint: 'check the file exists and you may read it', cause: error });
}


function nothingValid(options: ImportOptions, skipped: number, top: ReasonCount | undefined): ParityError {
  const what = top ? `${skipped} record${skipped === 1 ? '' : 's'} skipped, e.g. ${top.firstLocation}: ${top.reason}` : 'the file holds no records';
  return new ParityError('IMPORT_UNPARSEABLE', `nothing to import from ${options.input} as ${options.format}: ${what}`, {
    hint: top ? `check that it is a complete ${options.format} file; \`parity import --help\` lists the formats` : 'pass a file with at least one exchange',
  });
}
