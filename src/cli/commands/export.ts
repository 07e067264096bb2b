import { Option, type Command } from 'commander';
import { EXPORT_FORMATS, EXPORTERS, type ExportFormat } from '../../import/exporters/index.js';
import { VERSION } from '../../version.js';
import type { Io } from '../io.js';

const EXAMPLES = `
Formats:
${EXPORT_FORMATS.map((f) => `  ${f.padEnd(6)} ${EXPORTERS[f].description}`).join('\n')}

Examples:
  $ parity export captures/mirror.db > mirror.jsonl
  $ parity export captures/mirror.db --format har --out mirror.har
  $ parity export captures/mirror.db --out mirror.jsonl --json

Exports are marked as Parity's: \`parity import --trust-export\` brings them back byte for byte.
A capture written without Parity's redaction engine (an older version) is redacted on its way out.
Files are created with mode 0600 and never overwrite an existing file.`;

interface ExportFlags {
  readonly format: ExportFormat;
  readonly out?: string;
  readonly json?: boolean;
}

export function registerExport(program: Command, io: Io): void {
  program
    .command('export')
    .description('Export a capture as JSON Lines or HAR 1.2.')
    .argument('<capture>', 'a capture file (.db)')
    .addOption(new Option('--format <format>', 'the file format').choices(EXPORT_FORMATS).default('jsonl'))
    .option('--out <file>', 'file to create (never overwritten); - or none writes to stdout')
    .option('--json', 'print a summary as one JSON document (needs --out FILE: stdout carries the export otherwise)')
    .addHelpText('after', EXAMPLES)
    .action(async (capture: string, flags: ExportFlags, command: Command) => {
      const toStdout = flags.out === undefined || flags.out === '-';
      if (toStdout && flags.json) command.error('error: --json needs --out FILE (without it, stdout carries the export)', { exitCode: 2, code: 'parity.usage' });
      const [{ exportCapture }, { redactionInput }, { startProgress }] = await Promise.all([import('../../import/export-capture.js'), import('../redaction.js'), import('../progress.js')]);
      const { key, sealKey } = await redactionInput(io.env, undefined);
      const redaction = { key, sealKey };
      let last: { done: number; total?: number } = { done: 0 };
      // No progress when the export itself goes to the terminal: the redraws would break its lines.
      const quiet = flags.json || (toStdout && (io.stdout as { isTTY?: boolean }).isTTY === true);
      const progress = startProgress(io, { label: 'export', unit: 'exchanges', quiet, read: () => ({ done: last.done, total: last.total }) });
      const result = await exportCapture({ capture, format: flags.format, out: toStdout ? io.stdout : (flags.out as string), version: VERSION, redaction, onProgress: (p) => (last = p) }).finally(() => progress.stop());
      if (result.redactedOnExport) {
        io.stderr.write(`warning: ${capture} was written without Parity's redaction engine: its exchanges were redacted on export${result.refused > 0 ? ` (${result.refused} refused)` : ''}\n`);
      }
      const line = `exported ${result.exchanges.toLocaleString('en')} exchanges from ${capture} as ${result.format} to ${result.out ?? 'stdout'} (${result.bytes.toLocaleString('en')} bytes)\n`;
      if (flags.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (toStdout) io.stderr.write(line);
      else io.stdout.write(line);
    });
}
