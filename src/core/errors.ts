/**
 * Harness failures: every error Parity itself raises carries a stable `code` from this catalogue.
 * Business codes returned by a validated service are data, not errors, and live in
 * `validator/error-codes.ts`. The CLI maps these codes to exit codes in one place (`cli/exit.ts`).
 */
export const ERROR_CATALOGUE = {
  USAGE: { exit: 2, title: 'Invalid command-line usage', fix: 'Run the command with --help and correct the flag named in the message.' },
  STATE_NOT_FOUND: { exit: 2, title: 'Validator state file not found', fix: 'Check the path given to --state, or omit it to use the bundled seed.' },
  STATE_INVALID: { exit: 2, title: 'Validator state file is not valid', fix: 'Fix the field named in the message; the bundled seed (src/validator/seed/default-seed.json) is a complete example.' },
  CAPTURE_NOT_FOUND: { exit: 2, title: 'Capture file not found', fix: 'Check the path; captures are written by `parity record` or `parity import`.' },
  CAPTURE_FOREIGN: { exit: 2, title: 'File is not a Parity capture', fix: 'Pass a capture written by Parity; other SQLite files and non-SQLite files are refused.' },
  CAPTURE_TOO_NEW: { exit: 2, title: 'Capture written by a newer Parity', fix: 'Upgrade Parity to read it; older versions never guess at newer formats.' },
  CAPTURE_EXISTS: { exit: 2, title: 'Capture file already exists', fix: 'Choose another output path, or move the existing capture away: recorded data is never overwritten.' },
  CAPTURE_UNWRITABLE: { exit: 2, title: 'Capture file cannot be created', fix: 'Create the directory, or pick one you can write to.' },
  REDACT_KEY_WEAK: { exit: 2, title: 'Redaction key too short', fix: 'Set PARITY_REDACT_KEY to at least 16 characters, e.g. `openssl rand -hex 32`.' },
  REDACT_CONFIG_INVALID: { exit: 2, title: 'Redaction file is not valid', fix: 'Fix the key named in the message; the README\'s Security section shows the format.' },
  IMPORT_NOT_FOUND: { exit: 2, title: 'Import file not found', fix: 'Check the path of the HAR, JSONL or .gor file given to `parity import`.' },
  IMPORT_UNPARSEABLE: { exit: 2, title: 'Import file holds no valid record', fix: 'Check the format argument matches the file and that the file is complete; the message names the first problem and where it is.' },
  EXPORT_EXISTS: { exit: 2, title: 'Export file already exists', fix: 'Choose another --out path, or move the existing file away: exports never overwrite.' },
  EXPORT_UNWRITABLE: { exit: 2, title: 'Export file cannot be created', fix: 'Create the directory, or pick one you can write to.' },
  CA_INVALID: { exit: 2, title: 'CA file cannot be used', fix: 'Pass --ca a readable PEM file holding the certificate(s) of the authority that signed the upstream\'s certificate.' },
  CAPTURE_MERGE_REFUSED: { exit: 2, title: 'Captures cannot be merged', fix: 'Merge captures recorded with the same PARITY_REDACT_KEY (their card surrogates must match) and the same capture format; the message names the capture at fault.' },
  BENCH_INVALID: { exit: 2, title: 'Bench settings not valid', fix: 'Correct the setting named in the message; `parity bench --help` lists each with its default.' },
  CONFIG_NOT_FOUND: { exit: 2, title: 'Config file not found', fix: 'Check the path given to --config.' },
  JSON_PATH_INVALID: { exit: 2, title: 'JSON path not understood', fix: 'Write it as $.a.b, $.a[0], $.a[*].b or $..b; the message says where reading it stopped.' },
  PARTITION_KEY_INVALID: { exit: 2, title: 'Partition key not understood', fix: 'Use a JSON path into the request body ($.account_id), header:NAME, path:N or query:NAME.' },
  PARTITION_KEY_SPARSE: { exit: 2, title: 'Partition key missing from most requests', fix: 'Run `parity captures suggest-key CAPTURE` and replay with the key it names (--partition-key), or say ordering does not matter (--order none) or replay one at a time (--order global).' },
  CONFIG_INVALID: { exit: 2, title: 'Config file is not valid', fix: 'Fix the field named in the message; the README\'s Configuration section lists every key.' },
  SIDE_COMMAND_FAILED: { exit: 2, title: 'A side\'s command did not start a service', fix: 'Run the command by hand: it must listen on 127.0.0.1 at the port given in $PORT (or written {port} in the command) and keep running; the message shows its exit code and the end of its output.' },
  REPORT_OUT_UNWRITABLE: { exit: 2, title: 'Report folder cannot be written', fix: 'Pass --out a folder you can write to (created if missing), not an existing file; nothing is replayed until it is writable.' },
  REPORT_NOT_FOUND: { exit: 2, title: 'Report file not found', fix: 'Check the path; reports are written by `parity replay` to reports/<name>/report.json.' },
  REPORT_INVALID: { exit: 2, title: 'File is not a Parity report', fix: 'Pass a report.json written by `parity replay`; a newer report version needs a newer Parity.' },
  REPORT_MERGE_MISMATCH: { exit: 2, title: 'Reports are not the shards of one run', fix: 'Merge the report of every shard of one `parity replay --shard i/n` split, run with the same capture and settings.' },
  ALLOW_LIST_NOT_FOUND: { exit: 2, title: 'Allow-list file not found', fix: 'Check the path given to --allow (or gate.allow in the config).' },
  ALLOW_LIST_INVALID: { exit: 2, title: 'Allow-list file is not valid', fix: 'Fix the entry named in the message: each needs signature, owner, reason and expires (YYYY-MM-DD).' },
  GATE_FAILED: { exit: 1, title: 'The report failed the gate', fix: 'Read the failed policies and the top groups the gate printed; fix the candidate, or allow a known difference with an owned, dated allow-list entry.' },
  RESET_FAILED: { exit: 1, title: 'A live side could not be reset before the replay', fix: 'Check that the service is up at the URL named and answers a POST to the reset path (replay.resetPath), or replay without --reset.' },
  INTERRUPTED: { exit: 1, title: 'Stopped before the end (Ctrl-C or SIGTERM)', fix: 'Run it again and let it finish; nothing it wrote before stopping is a result.' },
  CAPTURE_LOST: { exit: 1, title: 'The capture file was lost while recording', fix: 'The file was deleted, moved or became unwritable mid-run: exchanges after that point were not stored. Record again into a file nothing else touches.' },
  RECORDING_INCOMPLETE: { exit: 1, title: 'Most exchanges were not recorded', fix: 'The capture store could not keep up or failed: read the warnings, give the recorder more CPU or disk, or record a --sample of the traffic.' },
  SIDE_UNREACHABLE: { exit: 1, title: 'A live side stopped answering during the replay', fix: 'Check that the service named is up and answering; the replay stopped after the configured run of consecutive transport failures (replay.maxConsecutiveFailures).' },
  LISTEN_FAILED: { exit: 1, title: 'Could not listen on the requested address', fix: 'Pick another --port (0 picks a free one) or stop the process that holds it.' },
  TARGET_UNREACHABLE: { exit: 1, title: 'Target service not reachable', fix: 'Start the service (the reference one: `parity validator`) or correct the --target URL.' },
} as const satisfies Record<string, { exit: 1 | 2; title: string; fix: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface ParityErrorOptions {
  readonly hint?: string;
  readonly cause?: unknown;
}

export class ParityError extends Error {
  override readonly name = 'ParityError';
  readonly hint: string | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: ParityErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.hint = options.hint;
  }
}

export function isParityError(value: unknown): value is ParityError {
  return value instanceof ParityError;
}
