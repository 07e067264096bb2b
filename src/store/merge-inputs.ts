import { realpathSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { ParityError } from '../core/errors.js';
import type { CaptureReader } from './reader.js';

/** A capture to merge; `origin` names it in the merged capture's `origin:` tags. */
export interface MergeInput {
  readonly file: string;
  /** Default: the file's base name without its extension (its path as given when two base names are equal). */
  readonly origin?: string;
}

export interface OpenInput {
  readonly file: string;
  readonly origin: string;
  readonly reader: CaptureReader;
}

/** What the merged capture's meta says of its exchanges, agreed by every input. */
export interface MergedMeta {
  readonly redaction: string;
  /** '' when no input has one (every input then merged on `force`). */
  readonly keyFingerprint: string;
  /** Inputs without a fingerprint, merged on `force` alone. */
  readonly unverified: readonly string[];
}

/** Origin names for the inputs: unique, or the merge is refused (origins would be ambiguous). */
export function originNames(inputs: readonly MergeInput[]): string[] {
  const withoutExtension = (path: string) => path.slice(0, path.length - extname(path).length);
  const bases = inputs.map((input) => withoutExtension(basename(input.file)));
  const names = inputs.map((input, i) => {
    if (input.origin !== undefined) return input.origin;
    const base = bases[i] ?? '';
    return bases.indexOf(base) === bases.lastIndexOf(base) ? base : withoutExtension(input.file);
  });
  names.forEach((name, i) => {
    const file = inputs[i]?.file ?? '';
    if (name.trim() === '') throw refused(`${file} has an empty origin name`, 'name each input (origin) with at least one character');
    const first = names.indexOf(name);
    if (first !== i) throw refused(`${inputs[first]?.file} and ${file} would both be origin "${name}"`, 'give each input its own origin name, or rename one of the files');
  });
  return names;
}

/** Refuses the same file given twice (under any path): its exchanges would be merged twice. */
export function assertDistinctFiles(inputs: readonly OpenInput[]): void {
  const seen = new Map<string, string>();
  for (const { file } of inputs) {
    const real = realpathSync(file);
    const earlier = seen.get(real);
    if (earlier !== undefined) throw refused(`${file} is the same capture as ${earlier}`, 'give each capture once');
    seen.set(real, file);
  }
}

/**
 * What every input must share for the merge to mean anything. Card surrogates are keyed: captures
 * redacted under different keys (fingerprints differ) give one card two surrogates, so
 * card-keyed rules (velocity) would see two cards. Different redaction engines may tokenise
 * differently, and a capture never cleaned ('') must not pass for a clean one. A capture without a
 * fingerprint (written before fingerprints existed) cannot be checked: refused unless `force`.
 */
export function agreedMeta(inputs: readonly OpenInput[], force: boolean): MergedMeta {
  const [first] = inputs;
  if (first === undefined) throw new ParityError('USAGE', 'no capture to merge', { hint: 'pass the captures to merge' });
  const engine = (input: OpenInput) => input.reader.meta.redaction || 'none (not redacted by Parity)';
  for (const input of inputs) {
    if (input.reader.meta.redaction !== first.reader.meta.redaction) {
      throw refused(`${input.file} was redacted by engine ${engine(input)}, ${first.file} by engine ${engine(first)}`, 'merge captures written by the same Parity version, or import the odd one again (`parity export` then `parity import`) so one engine redacts all');
    }
  }
  const known = inputs.filter((input) => input.reader.meta.keyFingerprint !== '');
  const reference = known[0];
  for (const input of known) {
    const fingerprint = input.reader.meta.keyFingerprint;
    if (reference !== undefined && fingerprint !== reference.reader.meta.keyFingerprint) {
      throw refused(
        `${input.file} was recorded under another redaction key (key fingerprint ${fingerprint}) than ${reference.file} (${reference.reader.meta.keyFingerprint}): its card surrogates would not match`,
        'merge captures recorded with the same PARITY_REDACT_KEY; a recorder run without one used a random key',
      );
    }
  }
  const unverified = inputs.filter((input) => input.reader.meta.keyFingerprint === '').map((input) => input.file);
  if (unverified.length > 0 && !force) {
    throw refused(`${unverified[0]} records no redaction key fingerprint (written by an older Parity, or imported with --trust-export), so its card surrogates cannot be checked against the others`, 'if you know every capture was recorded with the same PARITY_REDACT_KEY, merge with --force');
  }
  return { redaction: first.reader.meta.redaction, keyFingerprint: reference?.reader.meta.keyFingerprint ?? '', unverified };
}

function refused(message: string, hint: string): ParityError {
  return new ParityError('CAPTURE_MERGE_REFUSED', `cannot merge: ${message}`, { hint });
}
