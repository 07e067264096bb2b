import { readFile } from 'node:fs/promises';
import { ParityError } from '../../core/errors.js';
import defaultSeedDocument from './default-seed.json' with { type: 'json' };
import { parseSeed, SeedProblems } from './parse-seed.js';
import type { Seed } from './seed.js';

/** The bundled seed: a few hundred accounts and a few dozen merchants. */
export function defaultSeed(): Seed {
  return parseSeed(defaultSeedDocument);
}

/** Reads and validates a seed file given with `--state`. */
export async function loadSeed(path: string): Promise<Seed> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ParityError('STATE_NOT_FOUND', `state file not found: ${path}`, { hint: 'omit --state to use the bundled seed', cause });
    throw new ParityError('STATE_INVALID', `cannot read state file ${path}: ${code ?? String(cause)}`, { cause });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new ParityError('STATE_INVALID', `${path}: not valid JSON: ${(cause as Error).message}`, { cause });
  }
  try {
    return parseSeed(doc);
  } catch (cause) {
    if (!(cause instanceof SeedProblems)) throw cause;
    const shown = cause.problems.slice(0, 3).join('; ');
    const more = cause.problems.length > 3 ? ` (and ${cause.problems.length - 3} more)` : '';
    throw new ParityError('STATE_INVALID', `${path}: ${shown}${more}`, { hint: 'see src/validator/seed/default-seed.json for a complete example', cause });
  }
}
