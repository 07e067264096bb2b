import { Option, type Command } from 'commander';
import { DEFAULT_START_ISO } from '../../traffic/default-start.js';
import type { Io } from '../io.js';
import { integerIn, parseDuration, parseHttpUrl, parseInteger, parseIsoTime, parsePositiveInt, parsePositiveNumber } from '../options.js';
import { DEFAULT_CONCURRENCY, DEFAULT_SEED, DEFAULT_TIMEOUT_MS } from '../../traffic/traffic-defaults.js';

const EXAMPLES = `
Examples:
  $ parity generate --target http://127.0.0.1:8080 --count 10000
  $ parity generate --target http://127.0.0.1:8080 --count 1000000 --rate 500 --concurrency 32
  $ parity generate --target http://127.0.0.1:8080 --count 5000 --seed 7 --start 2026-11-23T09:00:00+01:00 --json

The same --seed and --start send the same requests, byte for byte. Each account's requests are
sent in order (one in flight per account), so velocity, daily limits and balances stay meaningful.
Ctrl-C stops sending; the summary is still printed.`;

interface GenerateFlags {
  readonly target: URL;
  readonly count: number;
  readonly rate?: number;
  readonly concurrency: number;
  readonly seed: number;
  readonly start?: number;
  readonly timeout: number;
  readonly json?: boolean;
}

/** How often sendTraffic reports; the progress reads the latest report when it draws. */
const PROGRESS_READ_MS = 200;

export function registerGenerate(program: Command, io: Io): void {
  program
    .command('generate')
    .description('Send seeded synthetic payment traffic (ordinary purchases and every edge case) to a payment validator.')
    .requiredOption('--target <url>', 'base URL of the validator, e.g. http://127.0.0.1:8080', parseHttpUrl)
    .requiredOption('--count <n>', 'how many requests to send', parsePositiveInt)
    .option('--rate <r>', 'at most this many requests per second (default: as fast as the target answers)', parsePositiveNumber)
    .option('--concurrency <c>', 'requests in flight at most, 1 to 1024', integerIn(1, 1024), DEFAULT_CONCURRENCY)
    .option('--seed <s>', 'random seed: the same seed sends the same requests', parseInteger, DEFAULT_SEED)
    .option('--start <time>', `timestamp of the first payment, ISO 8601 with an offset (default: ${DEFAULT_START_ISO})`, parseIsoTime)
    .addOption(new Option('--timeout <duration>', 'per-request timeout, e.g. 500ms or 10s').argParser(parseDuration).default(DEFAULT_TIMEOUT_MS, `${DEFAULT_TIMEOUT_MS / 1000}s`))
    .option('--json', 'print the summary as one JSON document')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: GenerateFlags) => {
      const { generateTraffic } = await import('../../traffic/generate.js');
      const { sendTraffic } = await import('../../traffic/send.js');
      const { formatSendSummary } = await import('../format-send-summary.js');
      const { startProgress } = await import('../progress.js');
      const stop = new AbortController();
      let stoppedBy: string | undefined;
      void io.untilInterrupted().then((signal) => {
        stoppedBy = signal;
        stop.abort();
      });
      const requests = generateTraffic({ count: flags.count, seed: flags.seed, ...(flags.start === undefined ? {} : { start: flags.start }) });
      let last = { sent: 0, errors: 0 };
      const progress = startProgress(io, { label: 'generate', unit: 'sent', quiet: flags.json, read: () => ({ done: last.sent, total: flags.count, detail: `errors ${last.errors}` }) });
      const summary = await sendTraffic(requests, {
        target: flags.target,
        concurrency: flags.concurrency,
        ...(flags.rate === undefined ? {} : { rate: flags.rate }),
        timeoutMs: flags.timeout,
        signal: stop.signal,
        progressIntervalMs: PROGRESS_READ_MS,
        onProgress: (p) => (last = p),
      }).finally(() => progress.stop());
      const start = new Date(flags.start ?? Date.parse(DEFAULT_START_ISO)).toISOString();
      io.stdout.write(flags.json ? `${JSON.stringify({ ...summary, requested: flags.count, seed: flags.seed, start })}\n` : formatSendSummary(summary, flags.count, stoppedBy));
    });
}
