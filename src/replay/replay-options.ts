import { z } from 'zod';
import { boundedNumber, checkedString, describeInput, httpUrlString, oneOf } from '../util/schema.js';
import { ParityError } from '../core/errors.js';
import { httpUrlProblem } from '../util/http-url.js';
import { ORDERINGS, type Ordering } from './ordering.js';
import { parsePartitionKey } from './partition.js';
import type { ReplayOptions } from './runner.js';
import { DEFAULT_MIN_KEY_COVERAGE } from './key-coverage.js';
import { DEFAULT_MAX_CONSECUTIVE_FAILURES } from './unreachable.js';
import { DEFAULT_MAX_BODY_BYTES } from './target.js';
import { BYTE_SIZE_EXAMPLES, parseByteSize } from '../util/byte-size.js';

/** The config file's `replay` key: each value checked as its flag is (same messages, same functions). */
export const REPLAY_CONFIG_SCHEMA = z
  .object({
    candidate: httpUrlString.optional(),
    legacy: checkedString((v) => (v === 'recorded' ? undefined : httpUrlProblem(v))).optional(),
    secondary: httpUrlString.optional(),
    order: oneOf(ORDERINGS).optional(),
    partitionKey: checkedString(partitionKeyProblem).optional(),
    concurrency: boundedNumber(1, 1024, { integer: true }).optional(),
    rate: boundedNumber(0.001).optional(),
    timeoutMs: boundedNumber(1, undefined, { integer: true }).optional(),
    /** Bytes of each live answer kept (`--max-body`): a size such as "8MiB", or a number of bytes. */
    maxBody: z
      .union([z.number(), z.string()], { error: (issue) => maxBodyExpected(issue.input) })
      .superRefine((value, ctx) => {
        if (maxBodyBytesOf(value) === undefined) ctx.addIssue({ code: 'custom', message: maxBodyExpected(value) });
      })
      .optional(),
    /** Transport failures in a row on one live side that stop the replay (SIDE_UNREACHABLE); 0 never stops. */
    maxConsecutiveFailures: boundedNumber(0, undefined, { integer: true }).optional(),
    /** Share (0–1) of requests that must hold the partition key for `order: key`; 0 never refuses. */
    minKeyCoverage: boundedNumber(0, 1).optional(),
    /** Path POSTed on each live side before a run when --reset is given. */
    resetPath: checkedString(resetPathProblem).optional(),
  })
  .strict();

function partitionKeyProblem(spec: string): string | undefined {
  try {
    parsePartitionKey(spec);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** `--max-body` / `replay.maxBody` in bytes: a size (`8MiB`) or a whole number of bytes, at least 1 (a cap of 0 would keep nothing to compare). */
function maxBodyBytesOf(value: unknown): number | undefined {
  const bytes = typeof value === 'string' ? parseByteSize(value) : value;
  return typeof bytes === 'number' && Number.isSafeInteger(bytes) && bytes >= 1 ? bytes : undefined;
}

const maxBodyExpected = (value: unknown) => `expected ${BYTE_SIZE_EXAMPLES} (at least 1 byte), got ${describeInput(value)}`;

function resetPathProblem(path: string): string | undefined {
  return path.startsWith('/') ? undefined : `expected a path starting with /, got ${JSON.stringify(path)}`;
}

/** Every default of a replay, in one place: the CLI, the demo, the benches and the tests read these. */
export const REPLAY_DEFAULTS = {
  legacy: 'recorded',
  order: 'key',
  partitionKey: '$.account_id',
  concurrency: 32,
  timeoutMs: 5_000,
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  maxConsecutiveFailures: DEFAULT_MAX_CONSECUTIVE_FAILURES,
  minKeyCoverage: DEFAULT_MIN_KEY_COVERAGE,
  resetPath: '/admin/reset',
} as const satisfies Partial<Record<keyof ReplaySettings | 'maxBodyBytes', unknown>>;

/** The settings a replay takes from flags, a config file or a caller, before they are checked. */
export interface ReplaySettings {
  readonly candidate?: string | URL;
  /** A live URL, or `recorded` for the answers stored in the capture. */
  readonly legacy?: string | URL;
  readonly secondary?: string | URL;
  readonly order?: string;
  readonly partitionKey?: string;
  readonly concurrency?: number;
  readonly rate?: number;
  readonly timeoutMs?: number;
  /** Bytes of each live answer kept: a number of bytes, or a size such as `8MiB`; at least 1. */
  readonly maxBody?: number | string;
  /** Transport failures in a row on one live side that stop the replay; 0 never stops. */
  readonly maxConsecutiveFailures?: number;
  /** Share (0–1) of sampled requests that must hold the partition key when ordering by key; 0 never refuses. */
  readonly minKeyCoverage?: number;
  /** The path POSTed on every live side before the run, when `reset` is set. */
  readonly resetPath?: string;
  readonly reset?: boolean;
}

/**
 * Where a layer of settings came from, so an error names what the user wrote: a flag
 * (`--partition-key`, exit 2 USAGE), a key of a config file (`parity.config.json: replay.legacy`,
 * CONFIG_INVALID), or an option of a library call.
 */
export type SettingsSource = { readonly kind: 'flags' } | { readonly kind: 'config'; readonly file: string } | { readonly kind: 'options' };

export interface SettingsLayer {
  readonly source: SettingsSource;
  readonly values: ReplaySettings;
}

const FLAGS: Readonly<Record<keyof ReplaySettings, string>> = {
  candidate: '--candidate',
  legacy: '--legacy',
  secondary: '--secondary',
  order: '--order',
  partitionKey: '--partition-key',
  concurrency: '--concurrency',
  rate: '--rate',
  timeoutMs: '--timeout',
  maxBody: '--max-body',
  maxConsecutiveFailures: '--max-consecutive-failures',
  minKeyCoverage: '--min-key-coverage',
  resetPath: 'replay.resetPath in --config',
  reset: '--reset',
};

type Resolved = Pick<ReplayOptions, 'candidate' | 'legacy' | 'secondary' | 'order' | 'partitionKey' | 'concurrency' | 'rate' | 'timeoutMs' | 'resetPath'> & { readonly maxBodyBytes: number; readonly maxConsecutiveFailures: number; readonly minKeyCoverage: number };

/**
 * The replay settings from layers, first one wins (flags, then the config file, then the
 * defaults), each value checked where it is read, so an error names the flag or the config key
 * that holds it.
 */
export function resolveReplaySettings(layers: readonly SettingsLayer[]): Resolved {
  const pick = <K extends keyof ReplaySettings>(key: K): { value: ReplaySettings[K]; source: SettingsSource } | undefined => {
    for (const layer of layers) if (layer.values[key] !== undefined) return { value: layer.values[key], source: layer.source };
    return undefined;
  };
  const fail = (key: keyof ReplaySettings, source: SettingsSource, problem: string): ParityError => {
    if (source.kind === 'config') return new ParityError('CONFIG_INVALID', `${source.file}: replay.${key}: ${problem}`, { hint: 'see "Configuration" in the README for every key' });
    if (source.kind === 'flags') return new ParityError('USAGE', `${FLAGS[key]}: ${problem}`, { hint: 'run the command with --help for its flags and examples' });
    return new ParityError('USAGE', `replay option ${key}: ${problem}`);
  };
  const url = (key: 'candidate' | 'legacy' | 'secondary'): URL | undefined => {
    const picked = pick(key);
    if (!picked || picked.value === undefined) return undefined;
    const text = String(picked.value);
    const problem = httpUrlProblem(text);
    if (problem) throw fail(key, picked.source, problem);
    return new URL(text);
  };
  const number = (key: 'concurrency' | 'rate' | 'timeoutMs' | 'maxConsecutiveFailures' | 'minKeyCoverage', integer: boolean, { zero = false, max = Infinity } = {}): number | undefined => {
    const picked = pick(key);
    if (!picked) return undefined;
    const value = picked.value;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max || (value === 0 && !zero) || (integer && !Number.isInteger(value))) {
      const range = max !== Infinity ? `from 0 to ${max}` : zero ? 'of 0 or more' : 'above 0';
      throw fail(key, picked.source, `expected a ${integer ? 'whole ' : ''}number ${range}, got ${JSON.stringify(value)}`);
    }
    return value;
  };

  const candidate = url('candidate');
  if (!candidate) throw new ParityError('USAGE', '--candidate <url> is required (or replay.candidate in --config)', { hint: 'run the command with --help for its flags and examples' });
  const legacyPicked = pick('legacy');
  const legacy = legacyPicked === undefined || String(legacyPicked.value) === 'recorded' ? 'recorded' : (url('legacy') as URL);
  const orderPicked = pick('order');
  const order = orderPicked?.value ?? REPLAY_DEFAULTS.order;
  if (!(ORDERINGS as readonly string[]).includes(order)) throw fail('order', orderPicked?.source ?? { kind: 'options' }, `expected one of ${ORDERINGS.join(', ')}, got ${JSON.stringify(order)}`);
  const keyPicked = pick('partitionKey');
  const partitionKey = keyPicked?.value ?? REPLAY_DEFAULTS.partitionKey;
  const keyProblem = partitionKeyProblem(partitionKey);
  if (keyProblem) throw fail('partitionKey', keyPicked?.source ?? { kind: 'options' }, keyProblem);
  const resetPicked = pick('resetPath');
  const resetPath = resetPicked?.value ?? REPLAY_DEFAULTS.resetPath;
  const resetProblem = resetPathProblem(resetPath);
  if (resetProblem) throw fail('resetPath', resetPicked?.source ?? { kind: 'options' }, resetProblem);
  const maxBodyPicked = pick('maxBody');
  const maxBodyBytes = maxBodyPicked ? maxBodyBytesOf(maxBodyPicked.value) : REPLAY_DEFAULTS.maxBodyBytes;
  if (maxBodyBytes === undefined) throw fail('maxBody', maxBodyPicked?.source ?? { kind: 'options' }, maxBodyExpected(maxBodyPicked?.value));
  const secondary = url('secondary');
  const rate = number('rate', false);
  return {
    candidate,
    legacy,
    ...(secondary ? { secondary } : {}),
    order: order as Ordering,
    partitionKey,
    concurrency: number('concurrency', true) ?? REPLAY_DEFAULTS.concurrency,
    ...(rate !== undefined ? { rate } : {}),
    timeoutMs: number('timeoutMs', true) ?? REPLAY_DEFAULTS.timeoutMs,
    maxBodyBytes,
    maxConsecutiveFailures: number('maxConsecutiveFailures', true, { zero: true }) ?? REPLAY_DEFAULTS.maxConsecutiveFailures,
    minKeyCoverage: number('minKeyCoverage', false, { zero: true, max: 1 }) ?? REPLAY_DEFAULTS.minKeyCoverage,
    ...(pick('reset')?.value ? { resetPath } : {}),
  };
}
