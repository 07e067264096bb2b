import { Option, type Command } from 'commander';
import { VERSION } from '../../version.js';
import { RECORD_DEFAULTS } from '../../record/record-defaults.js';
import type { StopReason } from '../../record/recorder.js';
import { recordingFailure } from '../../record/recording-outcome.js';
import type { Io } from '../io.js';
import { newCapturePath } from '../capture-path.js';
import { startProgress } from '../progress.js';
import { redactOption } from '../redaction.js';
import { parseBytes, parseDuration, parseHttpUrl, parseListen, parsePositiveInt, parseShare } from '../options.js';

const EXAMPLES = `
Examples:
  $ parity record --target http://127.0.0.1:8080 --out captures/mirror.db
  $ parity record --target http://legacy.internal:8080 --listen 0.0.0.0:8081 --sample 0.1 --duration 10m
  $ parity record --target http://127.0.0.1:8080 --include '/v1/*' --exclude '/v1/health*' --limit 50000

Card numbers are replaced by keyed surrogates before anything touches disk; set PARITY_REDACT_KEY
(at least 16 characters) so the same card maps to the same surrogate across captures. CVVs and
PINs are destroyed. Credentials are removed, or sealed when PARITY_SEAL_KEY is set, so that
\`parity replay\` with the same key sends them again.`;

interface RecordFlags {
  readonly target: URL;
  readonly listen: { host: string; port: number };
  readonly out?: string;
  readonly sample: number;
  readonly limit?: number;
  readonly duration?: number;
  readonly include: string[];
  readonly exclude: string[];
  readonly maxBody: number;
  readonly timeout: number;
  readonly rewriteHost?: boolean;
  readonly ca?: string;
  readonly insecure?: boolean;
  readonly redact?: string;
  readonly json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerRecord(program: Command, io: Io): void {
  program
    .command('record')
    .description('Run a recording reverse proxy in front of a service and store each exchange in a capture file.')
    .requiredOption('--target <url>', 'the service to record (legacy), e.g. http://127.0.0.1:8080', parseHttpUrl)
    .addOption(new Option('--listen <host:port>', 'where the proxy listens').argParser(parseListen).default({ host: RECORD_DEFAULTS.host, port: RECORD_DEFAULTS.port }, `${RECORD_DEFAULTS.host}:${RECORD_DEFAULTS.port}`))
    .option('--out <file>', 'capture file to create (never overwritten); default captures/record-<time>.db')
    .addOption(new Option('--sample <share>', 'share of exchanges to record, e.g. 0.1 or 10%').argParser(parseShare).default(RECORD_DEFAULTS.sample, 'all'))
    .option('--limit <n>', 'stop after recording n exchanges', parsePositiveInt)
    .option('--duration <time>', 'stop after this long, e.g. 30s, 10m, 1h', parseDuration)
    .addOption(new Option('--include <glob>', 'record only paths matching (repeatable; * matches any run)').argParser(collect).default([], 'every path'))
    .addOption(new Option('--exclude <glob>', 'do not record paths matching (repeatable)').argParser(collect).default([], 'none'))
    .addOption(new Option('--max-body <size>', 'bytes of each body kept in the capture (larger ones are flagged truncated)').argParser(parseBytes).default(RECORD_DEFAULTS.maxBodyBytes, '1MiB'))
    .addOption(new Option('--timeout <time>', 'upstream timeout per request').argParser(parseDuration).default(RECORD_DEFAULTS.upstreamTimeoutMs, `${RECORD_DEFAULTS.upstreamTimeoutMs / 1000}s`))
    .option('--rewrite-host', "send the target's Host header upstream instead of the client's (x-forwarded-host keeps the client's)")
    .option('--ca <file>', "PEM file of the authority that signed an https:// target's certificate (instead of Node's bundled ones)")
    .option('--insecure', "do not verify an https:// target's certificate (prints a warning)")
    .addOption(redactOption())
    .option('--json', 'print the final summary as one JSON document')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: RecordFlags) => {
      const [{ Recording }, { redactionInput, EPHEMERAL_KEY_WARNING }] = await Promise.all([import('../../record/recorder.js'), import('../redaction.js')]);
      const redaction = await redactionInput(io.env, flags.redact);
      const out = flags.out ?? newCapturePath(`record-${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`);
      if (flags.insecure) io.stderr.write((await import('../../record/upstream-tls.js')).INSECURE_WARNING);
      const recording = await Recording.start({
        target: flags.target,
        host: flags.listen.host,
        port: flags.listen.port,
        maxBodyBytes: flags.maxBody,
        sample: flags.sample,
        include: flags.include,
        exclude: flags.exclude,
        upstreamTimeoutMs: flags.timeout,
        rewriteHost: flags.rewriteHost ?? RECORD_DEFAULTS.rewriteHost,
        ca: flags.ca,
        insecure: flags.insecure ?? RECORD_DEFAULTS.insecure,
        out,
        redaction: redaction.rules,
        key: redaction.key,
        sealKey: redaction.sealKey,
        createdBy: `parity ${VERSION}`,
        ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
        ...(flags.duration !== undefined ? { durationMs: flags.duration } : {}),
      });
      if (redaction.ephemeral) io.stderr.write(EPHEMERAL_KEY_WARNING);
      io.stderr.write(`recording ${recording.url} → ${flags.target.href} into ${out} (Ctrl-C to stop)\n`);
      recording.on('store-error', (message) => io.stderr.write(`\nwarning: capture store: ${message} (those exchanges are dropped; proxied traffic is unaffected)\n`));
      const progress = startProgress(io, {
        label: 'record',
        unit: 'proxied',
        quiet: flags.json,
        read: () => {
          const { proxy, capture } = recording.stats;
          return { done: proxy.proxied, detail: `recorded ${capture.written} · dropped ${capture.dropped} · refused ${capture.refused} · upstream errors ${proxy.upstreamErrors}` };
        },
      });
      const reason = await Promise.race([
        io.untilInterrupted().then(() => 'signal' as const),
        new Promise<StopReason>((resolve) => recording.once('done', resolve)),
      ]);
      const summary = await recording.stop(reason).finally(() => progress.stop());
      const failure = recordingFailure(summary.capture, out);
      if (flags.json) {
        io.stdout.write(`${JSON.stringify({ out, ...summary }, null, 2)}\n`);
        if (failure) throw failure;
        return;
      }
      const { proxy, capture } = summary;
      const took = `in ${(summary.elapsedMs / 1000).toFixed(1)} s (stopped by ${reason})`;
      io.stdout.write(
        [
          capture.lost !== undefined
            ? `capture lost after ${capture.written} exchange${capture.written === 1 ? ' was' : 's were'} written to it: ${capture.lost}; ${took}`
            : `recorded ${capture.written} exchange${capture.written === 1 ? '' : 's'} into ${out} ${took}`,
          `proxied ${proxy.proxied} · dropped ${capture.dropped} · refused by redaction ${capture.refused} · bodies withheld ${capture.withheld} · upstream errors ${proxy.upstreamErrors} · client aborts ${proxy.clientAborts}`,
          '',
        ].join('\n'),
      );
      if (failure) throw failure;
    });
}
