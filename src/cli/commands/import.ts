import { basename, extname } from 'node:path';
import { Argument, type Command } from 'commander';
import type { ImportResult } from '../../import/import-file.js';
import { IMPORT_FORMATS, IMPORTERS, type ImportFormat } from '../../import/importers.js';
import { VERSION } from '../../version.js';
import { newCapturePath } from '../capture-path.js';
import type { Io } from '../io.js';
import { redactOption } from '../redaction.js';

const EXAMPLES = `
Formats:
${IMPORT_FORMATS.map((f) => `  ${f.padEnd(6)} ${IMPORTERS[f].description}`).join('\n')}

Examples:
  $ parity import har session.har --out captures/session.db
  $ parity import jsonl exported.jsonl --out captures/copy.db --json
  $ parity import gor requests_0.gor.gz --out captures/gor.db --redact redact.json

Invalid records are skipped and counted by reason; the import fails only when none is valid.
Every exchange is redacted as \`parity record\` does (set PARITY_REDACT_KEY for stable card surrogates,
PARITY_SEAL_KEY to seal credentials rather than remove them), Parity exports included unless
--trust-export says the file is one Parity wrote (see "Security" in the README).`;

interface ImportFlags {
  readonly out?: string;
  readonly redact?: string;
  readonly trustExport?: boolean;
  readonly json?: boolean;
}

export function registerImport(program: Command, io: Io): void {
  program
    .command('import')
    .description('Import a HAR, JSON Lines or GoReplay file into a new capture file.')
    .addArgument(new Argument('<format>', 'the file format').choices(IMPORT_FORMATS))
    .argument('<file>', 'the file to import')
    .option('--out <capture>', 'capture file to create (never overwritten); default captures/<file name>.db')
    .addOption(redactOption())
    .option('--trust-export', 'store a file marked as a Parity export as it is, not redacted again (keeps its card surrogates)')
    .option('--json', 'print the summary as one JSON document')
    .addHelpText('after', EXAMPLES)
    .action(async (format: ImportFormat, file: string, flags: ImportFlags) => {
      const [{ importFile }, { redactionInput, EPHEMERAL_KEY_WARNING }, { startProgress }] = await Promise.all([import('../../import/import-file.js'), import('../redaction.js'), import('../progress.js')]);
      const redaction = await redactionInput(io.env, flags.redact);
      const out = flags.out ?? newCapturePath(basename(file, extname(file)) || 'import');
      let counts = { imported: 0, skipped: 0, refused: 0 };
      const progress = startProgress(io, { label: 'import', unit: 'imported', quiet: flags.json, read: () => ({ done: counts.imported, detail: `skipped ${n(counts.skipped)} · refused ${n(counts.refused)}` }) });
      const result = await importFile({
        format,
        input: file,
        out,
        key: redaction.key,
        sealKey: redaction.sealKey,
        redaction: redaction.rules,
        trustExports: flags.trustExport === true,
        createdBy: `parity ${VERSION}`,
        onProgress: (p) => (counts = { ...p }),
      }).finally(() => progress.stop());
      if (redaction.ephemeral && !(result.alreadyRedacted && flags.trustExport)) io.stderr.write(EPHEMERAL_KEY_WARNING);
      if (result.imported === 0) io.stderr.write('warning: every valid record was refused by redaction; the capture is empty\n');
      if (flags.json) {
        io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      io.stdout.write(formatImport(result, flags.trustExport === true));
    });
}

const n = (value: number) => value.toLocaleString('en');
const TOP = 5;

function formatImport(r: ImportResult, trusted: boolean): string {
  const lines = [`imported ${n(r.imported)} exchanges from ${r.input} (${r.format}) into ${r.out} in ${(r.elapsedMs / 1000).toFixed(1)} s`];
  if (r.alreadyRedacted) lines.push(trusted ? 'the file is a Parity export, trusted (--trust-export): stored as it was' : 'the file is marked as a Parity export: redacted again (--trust-export keeps it as it is)');
  if (r.withheld > 0) lines.push(`bodies withheld ${n(r.withheld)} (could not be decoded to be redacted)`);
  if (r.skipped === 0 && r.refused === 0) lines.push('nothing skipped, nothing refused by redaction');
  const reasons = (title: string, total: number, list: ImportResult['skippedReasons']) => {
    if (total === 0) return;
    lines.push(`${title} ${n(total)}:`);
    const width = n(list[0]?.count ?? 0).length;
    for (const r of list.slice(0, TOP)) lines.push(`  ${n(r.count).padStart(width)}  ${r.reason} (first at ${r.firstLocation})`);
    if (list.length > TOP) lines.push(`  … and ${list.length - TOP} more reasons (--json lists them all)`);
  };
  reasons('skipped', r.skipped, r.skippedReasons);
  reasons('refused by redaction', r.refused, r.refusedReasons);
  reasons('flagged (not whole in the file)', r.flagged.reduce((sum, f) => sum + f.count, 0), r.flagged);
  return `${lines.join('\n')}\n`;
}
