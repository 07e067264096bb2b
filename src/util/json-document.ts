import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { ParityError, type ErrorCode } from '../core/errors.js';
import { describeInput } from './schema.js';

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
export async function readJsonDocument<T>(path: string, schema: z.ZodType<T>, kind: DocumentKind): Promise<LoadedDocument<T>> {
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
  const result = schema.safeParse(doc, { reportInput: true, error: defaultMessage });
  if (!result.success) {
    const problems = describeIssues(result.error.issues);
    const shown = problems.slice(0, 5).join('; ');
    throw new ParityError(kind.invalid, `${path}: ${shown}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`, { hint: kind.hint });
  }
  return { doc: result.data, sha256: createHash('sha256').update(bytes).digest('hex') };
}

const TYPE_NAMES: Readonly<Record<string, string>> = { string: 'a string', number: 'a number', object: 'an object', array: 'an array', boolean: 'true or false', int: 'a whole number' };

/** What a schema did not say itself: `expected a string, got 42`. */
function defaultMessage(issue: { code?: string; expected?: string; input?: unknown }): string | undefined {
  if (issue.code === 'invalid_type') return `expected ${TYPE_NAMES[issue.expected ?? ''] ?? issue.expected}, got ${describeInput(issue.input)}`;
  return undefined;
}

/** `compare.errorCodes.paths[1]` from a zod issue path. */
function pathText(path: readonly PropertyKey[]): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : `${i === 0 ? '' : '.'}${String(step)}`)).join('');
}

/**
 * One line per problem, naming its field. Missing keys of one object are one line
 * (`allow[0] needs signature, owner, reason and expires`); an unknown key names itself.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  const missing = new Map<string, string[]>();
  for (const issue of issues) {
    const at = pathText(issue.path);
    if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined && issue.path.length > 0) {
      const parent = pathText(issue.path.slice(0, -1)) || '(top level)';
      missing.set(parent, [...(missing.get(parent) ?? []), String(issue.path[issue.path.length - 1])]);
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(`${at ? `${at}.` : ''}${key}: unknown key`);
      continue;
    }
    lines.push(at ? `${at}: ${issue.message}` : issue.message);
  }
  for (const [parent, keys] of missing) lines.push(`${parent} needs ${keys.length < 2 ? keys.join('') : `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]}`}`);
  return lines;
}
