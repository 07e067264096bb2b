import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ParityError, type ErrorCode } from '../core/errors.js';
import { check, type Schema } from './schema.js';

/** How a kind of JSON document Parity reads is named in its errors. */
export interface DocumentKind {
  /** e.g. "config file", "allow-list" */
  readonly what: string;
  readonly notFound: ErrorCode;
  readonly invalid: ErrorCode;
  /** Where to look for help when the document is invalid. */
  readonly hint: string;
  /** The flag that named the file, for the not-found hint. */
  readonly flag: string;
}

export interface LoadedDocument<T> {
  readonly doc: T;
  /** SHA-256 of the file's bytes, so a report can name exactly what it ran with. */
  readonly sha256: string;
}

/** Reads and validates a JSON document; one error listing every problem, each naming its field. */
export async function readJsonDocument<T>(path: string, schema: Schema, kind: DocumentKind): Promise<LoadedDocument<T>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ParityError(kind.notFound, `${kind.what} not found: ${path}`, { hint: `pass ${kind.flag} with an existing file, or omit it`, cause });
    throw new ParityError(kind.invalid, `cannot read ${kind.what} ${path}: ${code ?? String(cause)}`, { cause });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new ParityError(kind.invalid, `${path}: not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const problems: string[] = [];
  check(doc, schema, '$', problems);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).map((p) => p.replace(/^\$\./, '')).join('; ');
    throw new ParityError(kind.invalid, `${path}: ${shown}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`, { hint: kind.hint });
  }
  return { doc: doc as T, sha256: createHash('sha256').update(bytes).digest('hex') };
}
