import { readFile } from 'node:fs/promises';
import { ParityError } from '../core/errors.js';
import { CONFIG_SCHEMA, type ParityConfig } from './parity-config.js';
import { check } from './schema.js';

/** Reads and validates a config file; one error listing every problem, each naming its field. */
export async function loadConfig(path: string): Promise<ParityConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ParityError('CONFIG_NOT_FOUND', `config file not found: ${path}`, { hint: 'pass --config with an existing file, or omit it', cause });
    throw new ParityError('CONFIG_INVALID', `cannot read config file ${path}: ${code ?? String(cause)}`, { cause });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new ParityError('CONFIG_INVALID', `${path}: not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const problems: string[] = [];
  check(doc, CONFIG_SCHEMA, '$', problems);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).map((p) => p.replace(/^\$\./, '')).join('; ');
    throw new ParityError('CONFIG_INVALID', `${path}: ${shown}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`, {
      hint: 'see "Configuration" in the README for every key',
    });
  }
  return doc as ParityConfig;
}
