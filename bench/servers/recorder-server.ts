/**
 * Child-process entry: a `parity record` recording (the proxy plus its store worker) on 127.0.0.1
 * with an OS-picked port, in front of another process's service. Parameters come from the
 * environment (bench/lib/servers.ts cannot pass arguments):
 *
 *   RECORD_BENCH_TARGET   the service to record, e.g. http://127.0.0.1:40123 (required)
 *   RECORD_BENCH_OUT      the capture file to create (required; must not exist)
 *   RECORD_BENCH_EXCLUDE  comma-separated exclude globs; `*` records nothing but forwards everything
 *   PARITY_REDACT_KEY     the card-surrogate key (required here, so the bench never runs on a random key)
 *
 * Prints `{"port":N,"pid":N}` as one line on stdout once listening. On SIGTERM/SIGINT, or when its
 * stdin closes (the benchmark died), it stops the recording (drain, flush, checkpoint), prints
 * `{"summary":{...}}` as one line and exits 0.
 */
import { Recording } from '../../src/record/recorder.js';
import { redactionKey } from '../../src/redact/redaction-key.js';

const target = process.env['RECORD_BENCH_TARGET'];
const out = process.env['RECORD_BENCH_OUT'];
if (!target || !out) throw new Error('recorder-server: RECORD_BENCH_TARGET and RECORD_BENCH_OUT are required');
const { key, ephemeral } = redactionKey(process.env);
if (ephemeral) throw new Error('recorder-server: PARITY_REDACT_KEY is not set');
const exclude = (process.env['RECORD_BENCH_EXCLUDE'] ?? '')
  .split(',')
  .map((glob) => glob.trim())
  .filter((glob) => glob !== '');

// The same options `parity record` uses by default (see src/cli/commands/record.ts).
const recording = await Recording.start({
  target: new URL(target),
  host: '127.0.0.1',
  port: 0,
  maxBodyBytes: 1024 * 1024,
  sample: 1,
  include: [],
  exclude,
  upstreamTimeoutMs: 30_000,
  out,
  redaction: {},
  key,
  createdBy: 'parity bench',
});
recording.on('store-error', (message) => process.stderr.write(`recorder-server: capture store: ${message}\n`));
process.stdout.write(`${JSON.stringify({ port: Number(new URL(recording.url).port), pid: process.pid })}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  try {
    const summary = await recording.stop('signal');
    process.stdout.write(`${JSON.stringify({ summary })}\n`, () => process.exit(0));
  } catch (error) {
    process.stderr.write(`recorder-server: stopping failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  }
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// The parent holds our stdin open; when it goes away (even killed with SIGKILL), so do we.
process.stdin.on('end', () => void stop());
process.stdin.on('close', () => void stop());
process.stdin.resume();
