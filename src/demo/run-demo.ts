import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PerformanceSection } from '../bench/model.js';
import { runBench } from '../bench/run-bench.js';
import { ParityError } from '../core/errors.js';
import { evaluateGate } from '../gate/evaluate.js';
import { DEFAULT_LIMITS } from '../gate/limits.js';
import { DEMO_DEFAULTS } from './demo-defaults.js';
import { validatorCommand } from './validator-command.js';
import type { GateOutcome } from '../gate/outcome.js';
import { localRecordOptions, Recording } from '../record/recorder.js';
import { REPLAY_DEFAULTS, resolveReplaySettings } from '../replay/replay-options.js';
import { replay } from '../replay/runner.js';
import type { ReportV1 } from '../report/model.js';
import { reportFileNames, writeReportFiles } from '../render/write.js';
import { openCapture, removeCapture } from '../store/index.js';
import { generateTraffic } from '../traffic/generate.js';
import { sendTraffic } from '../traffic/send.js';
import { createValidator, listenValidator, VALIDATOR_NOISE, type ListeningValidator, type ValidatorMutationName } from '../validator/index.js';
import { VERSION } from '../version.js';

/** Options of a demo run; each one left out takes its value from DEMO_DEFAULTS. */
export interface DemoOptions {
  readonly count?: number;
  readonly seed?: number;
  /** The bug the candidate carries; null for a clean candidate (the gate should pass). */
  /** A correctness mutation (the replay finds it) or a performance-only one (the bench does). */
  readonly mutation?: ValidatorMutationName | null;
  readonly capture?: string;
  readonly out?: string;
  /** Measure both sides' performance after the replay (default true): the report's scorecard. */
  readonly bench?: boolean;
  /** The card-surrogate key for the recording. */
  readonly key: Uint8Array;
  readonly signal: AbortSignal;
  /** One line per stage, for the user to follow. */
  readonly onStage: (line: string) => void;
}

export type DemoResult =
  | { readonly kind: 'done'; readonly report: ReportV1; readonly gate: GateOutcome; readonly files: readonly string[]; readonly recorded: number }
  | { readonly kind: 'interrupted'; readonly stage: string };

/** Who wrote a capture the demo may replace: only its own. */
const DEMO_CREATOR = 'parity demo';

/**
 * The whole loop on one machine: a legacy validator and a (mutated) candidate on ephemeral
 * ports, the recorder in front of legacy, generated payments recorded through it, a replay
 * against both, the four report files, and the gate. Servers are closed whatever happens.
 */
export async function runDemo(input: DemoOptions): Promise<DemoResult> {
  const options = {
    ...input,
    count: input.count ?? DEMO_DEFAULTS.count,
    seed: input.seed ?? DEMO_DEFAULTS.seed,
    mutation: input.mutation === undefined ? DEMO_DEFAULTS.mutation : input.mutation,
    capture: input.capture ?? DEMO_DEFAULTS.capture,
    out: input.out ?? DEMO_DEFAULTS.out,
    bench: input.bench ?? true,
  };
  const { onStage, signal } = options;
  prepareCapturePath(options.capture);
  // A report left from an earlier run must not pass for this one's if this one stops early.
  for (const file of reportFileNames()) rmSync(join(options.out, file), { force: true });
  const servers: ListeningValidator[] = [];
  let recording: Recording | undefined;
  try {
    const legacy = await listenValidator(createValidator(), '127.0.0.1', 0);
    servers.push(legacy);
    const candidate = await listenValidator(createValidator(options.mutation ? { mutation: options.mutation } : {}), '127.0.0.1', 0);
    servers.push(candidate);
    onStage(`legacy     reference validator on ${legacy.url}`);
    onStage(`candidate  ${options.mutation ? `validator with the "${options.mutation}" bug` : 'the same reference validator (no bug)'} on ${candidate.url}`);

    recording = await Recording.start(localRecordOptions(new URL(legacy.url), options.capture, options.key, `${DEMO_CREATOR} ${VERSION}`));
    onStage(`record     proxy on ${recording.url} → legacy, into ${options.capture}`);
    const sent = await sendTraffic(generateTraffic({ count: options.count, seed: options.seed }), { target: new URL(recording.url), signal });
    const recorded = (await recording.stop(signal.aborted ? 'signal' : 'limit')).capture.written;
    recording = undefined;
    onStage(`traffic    ${sent.sent.toLocaleString('en')} generated payments (seed ${options.seed}) in ${(sent.durationMs / 1000).toFixed(1)} s; ${recorded.toLocaleString('en')} recorded`);
    if (signal.aborted) return { kind: 'interrupted', stage: 'recording' };

    onStage(`replay     ${options.capture} against legacy and candidate, in order per account`);
    const report = await replay({
      capture: options.capture,
      ...resolveReplaySettings([{ source: { kind: 'options' }, values: { candidate: candidate.url, legacy: legacy.url, reset: true } }]),
      compare: VALIDATOR_NOISE,
      signal,
    });
    if (signal.aborted) return { kind: 'interrupted', stage: 'replay' };
    const performance = options.bench ? await benchSides(options.capture, options.mutation, onStage, signal) : undefined;
    if (signal.aborted) return { kind: 'interrupted', stage: 'bench' };
    const full: ReportV1 = performance ? { ...report, performance } : report;
    const gate = evaluateGate(full, DEFAULT_LIMITS);
    const files = await writeReportFiles(options.out, full, { gate });
    return { kind: 'done', report: full, gate, files, recorded };
  } finally {
    try {
      await recording?.stop('signal');
    } finally {
      await Promise.allSettled(servers.map((s) => s.close()));
    }
  }
}

/**
 * The scorecard: both validators started again, each in a process of its own so that its CPU and
 * memory are its own and the harness does not share its event loop, then measured in turns.
 */
async function benchSides(capture: string, mutation: ValidatorMutationName | null, onStage: (line: string) => void, signal: AbortSignal): Promise<PerformanceSection> {
  const { perSecond, windowMs, pairs, warmupMs } = DEMO_DEFAULTS.bench;
  onStage(`bench      legacy and candidate in processes of their own, ${((windowMs * pairs) / 1000).toFixed(1)} s each in alternating windows at ${perSecond} req/s`);
  return runBench({
    capture,
    legacy: { command: validatorCommand(null) },
    candidate: { command: validatorCommand(mutation) },
    pace: { kind: 'rate', perSecond },
    durationMs: windowMs * pairs,
    windowMs,
    warmupMs,
    resetPath: REPLAY_DEFAULTS.resetPath,
    signal,
  });
}

/** Replaces the demo's own previous capture; refuses to touch any other file. */
function prepareCapturePath(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  if (!existsSync(path)) return;
  const { db, meta } = openCapture(path, { readonly: true });
  db.close();
  if (!meta.createdBy.startsWith(DEMO_CREATOR)) {
    throw new ParityError('CAPTURE_EXISTS', `${path} exists and was not written by the demo (${meta.source} by ${meta.createdBy})`, { hint: 'pass --capture with another path: the demo never overwrites a real capture' });
  }
  removeCapture(path);
}
