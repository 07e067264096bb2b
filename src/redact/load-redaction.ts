import { readFile } from 'node:fs/promises';
import { ParityError } from '../core/errors.js';
import { parseJsonPath } from '../util/json-path.js';
import type { RedactionOptions } from './redaction-rules.js';

const KEYS = {
  headers: 'headers',
  credential_names: 'credentialNames',
  not_credential_names: 'notCredentialNames',
  card_paths: 'cardPaths',
  drop_paths: 'dropPaths',
  mask_paths: 'maskPaths',
} as const;
/** Keys whose entries are names, not JSON paths. */
const NAME_KEYS: ReadonlySet<string> = new Set(['headers', 'credential_names', 'not_credential_names']);

/**
 * Reads a `--redact` file: `{"credential_names": [...], "not_credential_names": [...], "card_paths": [...], …}`,
 * every key optional. Names the exact field at fault.
 */
export async function loadRedaction(path: string): Promise<RedactionOptions> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new ParityError('REDACT_CONFIG_INVALID', `cannot read redaction file ${path}: ${code === 'ENOENT' ? 'no such file' : String(code ?? cause)}`, { cause });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw invalid(path, `not valid JSON: ${(cause as Error).message}`, cause);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalid(path, 'expected a JSON object');
  const options: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(doc)) {
    const target = KEYS[key as keyof typeof KEYS];
    if (!target) throw invalid(path, `unknown key ${JSON.stringify(key)}; expected ${Object.keys(KEYS).join(', ')}`);
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0)) throw invalid(path, `${key}: expected an array of non-empty strings`);
    if (!NAME_KEYS.has(key)) {
      for (const [i, p] of (value as string[]).entries()) {
        try {
          parseJsonPath(p);
        } catch (cause) {
          throw invalid(path, `${key}[${i}]: ${(cause as Error).message}`, cause);
        }
      }
    }
    options[target] = value as string[];
  }
  return options as RedactionOptions;
}

function invalid(path: string, message: string, cause?: unknown): ParityError {
  return new ParityError('REDACT_CONFIG_INVALID', `${path}: ${message}`, { hint: 'see "Security" in the README for the redaction file format', cause });
}
