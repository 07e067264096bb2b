/**
 * Parity as a library: `import { record, replay, evaluateGate } from 'parity-harness'`.
 *
 * Everything here is re-exported from the module that owns it; the only code of this file is a
 * few adapters (`record`, `renderReport`, `startValidator`). Importing it starts nothing.
 */
import { ParityError } from './core/errors.js';
import { Recording, type RecordOptions } from './record/recorder.js';
import type { ReportV1 } from './report/model.js';
import type { RenderContext } from './render/renderer.js';
import { rendererFor, type ReportFormat } from './render/renderers.js';
import { createValidator, isValidatorMutationName, listenValidator, listMutations, loadSeed, type ListeningValidator, type ValidatorMutationName } from './validator/index.js';

// Recording

/** Starts recording: a proxy in front of `options.target` writing every exchange, redacted, to the new capture `options.out`. */
export function record(options: RecordOptions): Promise<Recording> {
  return Recording.start(options);
}
/** A running recording: `url` is the proxy to send traffic through, `stop()` flushes and closes the capture. */
export { Recording };
/** The options `record` needs on 127.0.0.1 with a free port, everything recorded (override any of them). */
export { localRecordOptions } from './record/recorder.js';
/** Whether a finished recording failed (capture lost mid-run, most exchanges dropped), as the ParityError `parity record` exits with. */
export { recordingFailure } from './record/recording-outcome.js';
/** Options of `record`, what `Recording.stop()` resolves to, and why a recording stopped. */
export type { RecordOptions, RecordSummary, StopReason } from './record/recorder.js';
/** What redaction removes beyond its built-in protections (the `--redact` file's keys). */
export type { RedactionOptions } from './redact/redaction-rules.js';
/** The redaction keys from the environment (PARITY_REDACT_KEY, PARITY_SEAL_KEY), checked as the CLI checks them. */
export { redactionKey } from './redact/redaction-key.js';
export { sealKey } from './redact/sealer.js';

// Replaying

/** Replays a capture against the candidate (and a live or the recorded legacy), compares every answer and builds the report. */
export { replay } from './replay/runner.js';
/** The replay settings (candidate, legacy, order, partition key, concurrency, timeout, reset) from layers of flags, config and options, with every default. */
export { resolveReplaySettings, REPLAY_DEFAULTS } from './replay/replay-options.js';
export type { ReplaySettings, SettingsLayer, SettingsSource } from './replay/replay-options.js';
/** Options of `replay`, and what its `onProgress` callback receives. */
export type { ReplayOptions, ReplayProgress } from './replay/runner.js';
/** Ranks what could partition a capture for an ordered replay (`parity captures suggest-key`). */
export { suggestPartitionKeys } from './replay/suggest-key.js';
export type { KeyRole, KeySuggestion, KeySuggestions, SuggestKeyOptions } from './replay/suggest-key.js';
/** How answers are compared (the config file's `compare` section). */
export type { CompareOptions } from './compare/settings.js';
/** The reference validator's noise fields (`request_id`, `processed_at`): the `compare` the CLI uses against it without a config. */
export { VALIDATOR_NOISE } from './validator/noise.js';

// Reports

/** Joins the reports of the shards of one run (`replay` with `shard`) into the report of the whole run. */
export { mergeReports } from './report/merge.js';
/** Reads and checks a report.json; throws a ParityError (REPORT_NOT_FOUND, REPORT_INVALID) otherwise. */
export { readReport } from './report/read.js';
/** Writes report.json, report.md, report.html and junit.xml into a directory; resolves to the paths written. */
export { writeReportFiles } from './render/write.js';
/** A report (report.json) and one of its mismatch groups. */
export type { ReportV1, ReportGroup } from './report/model.js';
/** The formats `renderReport` renders, and what a rendering may show beside the report (the gate's verdict, report.json's path). */
export type { RenderContext } from './render/renderer.js';
export type { ReportFormat } from './render/renderers.js';

/** Renders a report as text (the terminal summary), md, html or junit, as `parity report --format` does. */
export function renderReport(report: ReportV1, format: ReportFormat, context: RenderContext = {}): string {
  return rendererFor(format).render(report, context);
}

// Bench

/** Measures both sides' latency, throughput, CPU and memory in alternating windows (`parity bench`): the report's Performance section. */
export { runBench } from './bench/run-bench.js';
/** Options of `runBench`, and how a side is given: a URL (with its PID, for CPU and memory) or a command Parity starts. */
export type { BenchOptions, BenchSide } from './bench/run-bench.js';
/** Every default of a bench, in one place. */
export { BENCH_DEFAULTS } from './bench/bench-defaults.js';
/** Wraps a Performance section as the bench.json `parity bench` writes. */
export { benchReport } from './report/bench-report.js';
/** Writes bench.json, bench.md and bench.html into a directory; resolves to the paths written, bench.json first. */
export { writeBenchFiles } from './render/write.js';
/** Reads a report.json or a bench.json, told apart by `reportKind`. */
export { readAnyReport } from './report/read.js';
/** Renders a replay or bench report in any format (`parity report`). */
export { renderAnyReport } from './render/bench.js';
/** What a bench measured, and the bench report. */
export type { BenchReportV1, Comparison, Pace, PerformanceSection, Scorecard, Trust } from './bench/model.js';

// Gate

/** Every gate policy against a report, under the limits and an allow-list; `passed` says whether all hold. */
export { evaluateGate } from './gate/evaluate.js';
/** The gate's strict default limits: what `parity gate` uses without flags or config. */
export { DEFAULT_LIMITS } from './gate/limits.js';
/** The gate's limits, one per policy. */
export type { GateLimits } from './gate/limits.js';
/** The gate's verdict: each policy's result and the allow-list's findings. */
export type { GateOutcome } from './gate/outcome.js';
/** An allow-list (the `--allow` file): known, owned and dated differences. */
export type { AllowList } from './gate/allow-list.js';
/** Reads and checks an allow-list file. */
export { loadAllowList } from './gate/allow-list.js';

// Captures

/** Imports a HAR, JSON Lines or GoReplay file into a new capture, redacted as `record` does (`parity import`). */
export { importFile as importCapture } from './import/import-file.js';
/** Options and result of `importCapture`. */
export type { ImportOptions, ImportResult } from './import/import-file.js';
/** The formats `importCapture` reads. */
export type { ImportFormat } from './import/importers.js';
/** Streams a capture out as JSON Lines or HAR, to a new file or a stream such as stdout (`parity export`). */
export { exportCapture } from './import/export-capture.js';
/** Options and result of `exportCapture`, and the stream-like target it can write to. */
export type { ExportOptions, ExportResult, TextTarget } from './import/export-capture.js';
/** The formats `exportCapture` writes. */
export type { ExportFormat } from './import/exporters/index.js';
/** Opens a capture for reading: `exchanges()` streams them in sequence order; `close()` when done. */
export { openCaptureReader as openCapture } from './store/index.js';
/** A capture opened by `openCapture`, which exchanges to read, its summary and its meta data. */
export type { CaptureReader, ExchangeFilter, CaptureSummary, CaptureMeta } from './store/index.js';
/** Merges the captures of many recorders into a new one in recorded-time order, each exchange tagged `origin:<name>` (`parity captures merge`). */
export { mergeCaptures, type MergeOptions, type MergeInput, type MergeProgress, type MergeResult } from './store/merge.js';
/** One recorded request/response pair, and header lines in wire order. */
export type { Answer, Exchange, HeaderList, NoAnswer, Reply } from './core/exchange.js';

// Traffic and the reference validator

/** Synthetic payment traffic for the reference validator, lazily: the same seed gives the same requests. */
export { generateTraffic } from './traffic/generate.js';
/** Options of `generateTraffic`, and one request it yields. */
export type { TrafficOptions, GeneratedRequest } from './traffic/generate.js';

/** Options of `startValidator`; every one optional. */
export interface StartValidatorOptions {
  /** Address to listen on. Default 127.0.0.1. */
  readonly host?: string;
  /** Port to listen on; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Behave like a buggy or slower rewrite: a mutation name (`parity validator --list-mutations`). */
  readonly mutation?: ValidatorMutationName;
  /** A seed state file (accounts, merchants) as JSON; default: the bundled seed. */
  readonly state?: string;
}

/** Starts the reference payment validator over HTTP (`parity validator`); resolves once listening, with its `url` and `close()`. */
export async function startValidator(options: StartValidatorOptions = {}): Promise<ListeningValidator> {
  const { mutation } = options;
  if (mutation !== undefined && !isValidatorMutationName(mutation)) throw new ParityError('USAGE', `unknown mutation ${JSON.stringify(mutation)}; one of: ${listMutations().map((m) => m.name).join(', ')}`);
  const seed = options.state === undefined ? undefined : await loadSeed(options.state);
  return listenValidator(createValidator({ seed, mutation }), options.host ?? '127.0.0.1', options.port ?? 0);
}
/** A validator started by `startValidator`, and the names of its mutations. */
export type { ListeningValidator, MutationName, ValidatorMutationName } from './validator/index.js';

// Configuration, errors, version

/** Reads and checks parity.config.json; resolves to the document and the SHA-256 of its bytes. */
export { loadConfig } from './config/load-config.js';
/** parity.config.json: every key optional. */
export type { ParityConfig } from './config/parity-config.js';
/** What every failure Parity raises itself is: a stable `code` from `ERROR_CATALOGUE`, a message and a `hint`. */
export { ParityError, isParityError, ERROR_CATALOGUE } from './core/errors.js';
/** A code of `ERROR_CATALOGUE`. */
export type { ErrorCode } from './core/errors.js';
/** This package's version (e.g. for `createdBy` and `exportCapture`'s `version`). */
export { VERSION } from './version.js';
