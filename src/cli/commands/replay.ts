import { basename, join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { HeaderList } from '../../core/exchange.js';
import { REPLAY_DEFAULTS } from '../../replay/replay-options.js';
import type { Io } from '../io.js';
import { redactOption } from '../redaction.js';
import { startProgress } from '../progress.js';
import { parseBytes, parseCount, parseDuration, parseFilter, parseHeader, parseHttpUrl, parsePositiveInt, parsePositiveNumber, parseShard } from '../options.js';

const EXAMPLES = `
Examples:
  $ parity replay captures/mirror.db --candidate http://127.0.0.1:8090 --reset
  $ parity replay captures/mirror.db --candidate http://new:8090 --legacy http://old:8080 --secondary http://old-2:8080
  $ parity replay captures/big.db --candidate http://new:8090 --shard 2/4 --out reports/shard-2
  $ parity replay captures/transfers.db --candidate http://new:8090 --partition-key '$.debtor.iban'
  $ parity replay captures/mirror.db --config parity.config.json --header 'Authorization: Bearer \${API_TOKEN}'

--legacy recorded (the default) compares the candidate with the answers stored in the capture.
Credentials sealed at record time (PARITY_SEAL_KEY) are sent again when the same PARITY_SEAL_KEY is
set; the report counts exchanges sent without their credentials. What the report quotes of the
services' answers is redacted like a capture (PARITY_REDACT_KEY, --redact).`;

interface ReplayFlags {
  readonly candidate?: URL;
  readonly legacy?: string;
  readonly secondary?: URL;
  readonly config?: string;
  readonly concurrency?: number;
  readonly rate?: number;
  readonly order?: string;
  readonly partitionKey?: string;
  readonly timeout?: number;
  readonly maxBody?: number;
  readonly maxConsecutiveFailures?: number;
  readonly minKeyCoverage?: number;
  readonly limit?: number;
  readonly filter?: ReturnType<typeof parseFilter>;
  readonly shard?: { index: number; count: number };
  readonly reset?: boolean;
  readonly header: [string, string][];
  readonly redact?: string;
  readonly out?: string;
  readonly json?: boolean;
}

export function registerReplay(program: Command, io: Io): void {
  program
    .command('replay')
    .description('Replay a capture against the candidate (and legacy), compare every answer, and write the report.')
    .argument('<capture>', 'a capture file written by parity record or parity import')
    .option('--candidate <url>', 'the rewrite under test', parseHttpUrl)
    .option('--legacy <url|recorded>', 'the service being replaced, live, or "recorded" for the stored answers (default)')
    .option('--secondary <url>', 'a second legacy instance: fields that differ between the two are noise', parseHttpUrl)
    .option('--config <file>', 'parity.config.json: targets, comparison paths, ignore rules, ordering')
    .option('--concurrency <n>', `requests in flight per side (default ${REPLAY_DEFAULTS.concurrency})`, parsePositiveInt)
    .option('--rate <r>', 'exchanges per second at most', parsePositiveNumber)
    .option('--order <mode>', 'key (per partition, in recorded order; default), global (one at a time) or none')
    .option('--partition-key <spec>', `what partitions the traffic: a JSON path (${REPLAY_DEFAULTS.partitionKey}, default), header:NAME, path:N or query:NAME`)
    .option('--min-key-coverage <share>', `refuse (exit 2) to order by a partition key fewer requests than this hold, e.g. 0.95 or 95% (default ${REPLAY_DEFAULTS.minKeyCoverage * 100}%; 0 never refuses)`, parseShare)
    .option('--timeout <time>', `per-request timeout (default ${REPLAY_DEFAULTS.timeoutMs / 1000}s)`, parseDuration)
    .option('--max-body <size>', `bytes of each live answer kept for comparing, e.g. 512KiB or 64MiB (default ${REPLAY_DEFAULTS.maxBodyBytes / MiB}MiB); past it the rest is hashed (SHA-256) and counted, not kept, and the answer compares by its whole length and hash`, parseBytes)
    .option('--max-consecutive-failures <n>', `stop (exit 1) when a live side fails this many requests in a row: down, refusing or timing out (default ${REPLAY_DEFAULTS.maxConsecutiveFailures}; 0 never stops)`, parseCount)
    .option('--limit <n>', 'replay at most n exchanges', parsePositiveInt)
    .option('--filter <expr>', 'only exchanges matching path=GLOB,method=M,status=N', parseFilter)
    .option('--shard <i/n>', 'replay shard i of n (partitions stay whole); merge the reports afterwards', parseShard)
    .option('--reset', `POST the reset path (default ${REPLAY_DEFAULTS.resetPath}) on every live side first`)
    .addOption(new Option('--header <header>', "add a header to every replayed request, e.g. 'Authorization: Bearer ${TOKEN}' (repeatable; never written to the report)").argParser(parseHeader).default([], 'none'))
    .addOption(redactOption('extra redaction rules for what the report quotes, the file given to parity record'))
    .option('--out <dir>', 'where report.json, report.md, report.html and junit.xml go (default reports/<capture name>)')
    .option('--json', 'print the report JSON to stdout instead of the summary')
    .addHelpText('after', EXAMPLES)
    .action(async (capture: string, flags: ReplayFlags) => {
      const [{ replay }, { loadConfig }, { textRenderer }, { resolveReplaySettings }, { gateSettings }, { evaluateGate }, { writeReportFiles }, { ParityError }, { VALIDATOR_NOISE }, { redactionInput }, { prepareReportDir }, { unreachableError }] = await Promise.all([
        import('../../replay/runner.js'),
        import('../../config/load-config.js'),
        import('../../render/text.js'),
        import('../../replay/replay-options.js'),
        import('../gate-settings.js'),
        import('../../gate/evaluate.js'),
        import('../../render/write.js'),
        import('../../core/errors.js'),
        import('../../validator/noise.js'),
        import('../redaction.js'),
        import('../../render/report-dir.js'),
        import('../../replay/unreachable.js'),
      ]);
      // Read before the progress starts: nothing between its start and `.finally` may throw (a bar left running keeps the process alive).
      const redaction = await redactionInput(io.env, flags.redact);
      const loaded = flags.config ? await loadConfig(flags.config) : undefined;
      const config = loaded?.doc ?? {};
      // Read before the run, so a bad allow-list fails in a second, not after the replay.
      const gate = await gateSettings(config);
      const flagValues = { candidate: flags.candidate, legacy: flags.legacy, secondary: flags.secondary, order: flags.order, partitionKey: flags.partitionKey, concurrency: flags.concurrency, rate: flags.rate, timeoutMs: flags.timeout, maxBody: flags.maxBody, maxConsecutiveFailures: flags.maxConsecutiveFailures, minKeyCoverage: flags.minKeyCoverage, reset: flags.reset };
      const settings = resolveReplaySettings([
        { source: { kind: 'flags' }, values: flagValues },
        ...(flags.config ? [{ source: { kind: 'config', file: flags.config } as const, values: config.replay ?? {} }] : []),
      ]);
      const out = flags.out ?? join('reports', basename(capture).replace(/\.db$/, ''));
      // Checked before the run: a report that cannot be written makes the whole replay wasted.
      const outDir = await prepareReportDir(out);
      const interrupt = new AbortController();
      void io.untilInterrupted().then(() => interrupt.abort());
      const headers: HeaderList = flags.header;
      let last: { done: number; total?: number; mismatches: number } = { done: 0, mismatches: 0 };
      const progress = startProgress(io, { label: 'replay', unit: 'exchanges', quiet: flags.json, read: () => ({ done: last.done, total: last.total, detail: `mismatches ${last.mismatches}` }) });
      const report = await replay({
        capture,
        ...settings,
        compare: config.compare ?? VALIDATOR_NOISE,
        ...(flags.limit ? { limit: flags.limit } : {}),
        ...(flags.filter ? { filter: flags.filter } : {}),
        ...(flags.shard ? { shard: flags.shard } : {}),
        headers,
        redaction: redaction.rules,
        redactKey: redaction.key,
        ...(redaction.sealKey ? { sealKey: redaction.sealKey } : {}),
        ...(loaded && flags.config ? { configFile: { path: flags.config, sha256: loaded.sha256 } } : {}),
        signal: interrupt.signal,
        onProgress: (p) => (last = p),
        onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
      })
        .catch(async (error: unknown) => {
          // No report will be written: the folders made for it would only be litter.
          await outDir.removeIfEmpty();
          throw error;
        })
        .finally(() => progress.stop());
      const outcome = evaluateGate(report, gate.limits, gate.allowList);
      const [reportPath = join(out, 'report.json'), ...renderings] = await writeReportFiles(out, report, { gate: outcome });
      if (flags.json) io.stdout.write(`${JSON.stringify(report)}\n`);
      else io.stdout.write(`${textRenderer.render(report, { gate: outcome, reportPath })}renderings   ${renderings.join(', ')}\n`);
      if (report.run.unreachable) throw unreachableError(report.run.unreachable, report.totals.compared, reportPath);
      if (report.run.interrupted) throw new ParityError('INTERRUPTED', `replay interrupted: ${reportPath} covers the ${report.totals.compared} exchanges replayed so far`, { hint: 'a partial report fails parity gate (complete-run); run the replay to the end' });
    });
}

const MiB = 1024 * 1024;

/** A share from 0 to 1, written 0.95 or 95%. */
function parseShare(value: string): number {
  const percent = value.endsWith('%');
  const n = Number(percent ? value.slice(0, -1) : value) / (percent ? 100 : 1);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a share from 0 to 1, e.g. 0.95 or 95%.');
  return n;
}
