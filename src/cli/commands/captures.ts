import type { Command } from 'commander';
import type { MergeResult } from '../../store/merge.js';
import { SUGGEST_KEY_DEFAULTS } from '../../replay/suggest-key-defaults.js';
import { VERSION } from '../../version.js';
import { newCapturePath } from '../capture-path.js';
import { parsePositiveInt } from '../options.js';
import type { Io } from '../io.js';

const INFO_EXAMPLES = `
Examples:
  $ parity captures info captures/demo.db
  $ parity captures info captures/demo.db --json | jq .exchanges`;

const MERGE_EXAMPLES = `
Examples:
  $ parity captures merge captures/recorder-*.db --out captures/all.db
  $ parity captures merge eu/capture.db us/capture.db --out captures/all.db --json

Exchanges are ordered by recorded time (ties: the inputs' order) and numbered anew; each is
tagged origin:<name>, the name being its file's base name (its path when two base names are
equal). Captures recorded under different PARITY_REDACT_KEYs are refused (their card surrogates
differ), as are captures redacted by different Parity versions; a capture from before key
fingerprints is refused unless --force says its key is the same.`;

const SUGGEST_KEY_EXAMPLES = `
Examples:
  $ parity captures suggest-key captures/transfers.db
  $ parity captures suggest-key captures/big.db --sample 50000 --json

A replay ordered by key (the default) keeps the requests of one partition in recorded order and
runs partitions side by side. The best key names the stateful entity requests act on (an account,
an IBAN): present in nearly every request, its values repeating, and other keys are functions of it
(its country, its holder's name). Score: 3 an entity, 2 a key whose values repeat, 1 one whose values
mostly do not, 0 a key another stands for (its attribute, a finer key inside it, a retry key, another
name for it); the fraction orders entities by where requests name them, the rest finer first.`;

interface MergeFlags {
  readonly out?: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

export function registerCaptures(program: Command, io: Io): void {
  const captures = program.command('captures').description('Inspect and merge capture files; suggest the partition key a replay should order by.');
  captures
    .command('info')
    .description('Summarise a capture: exchanges, time span, origins, endpoints, status and decision mix, size on disk.')
    .argument('<file>', 'a capture file (.db)')
    .option('--json', 'print the summary as one JSON document')
    .addHelpText('after', INFO_EXAMPLES)
    .action(async (file: string, flags: { json?: boolean }) => {
      const { captureInfo } = await import('../capture-info.js');
      const info = captureInfo(file);
      io.stdout.write(flags.json ? `${JSON.stringify(info, null, 2)}\n` : (await import('../format-capture-info.js')).formatCaptureInfo(info));
    });
  captures
    .command('suggest-key')
    .description('Rank what could partition a capture for an ordered replay: body JSON paths, headers, path segments, query parameters.')
    .argument('<file>', 'a capture file (.db)')
    .option('--sample <n>', `read at most n exchanges from the start (default ${SUGGEST_KEY_DEFAULTS.sample})`, parsePositiveInt)
    .option('--json', 'print the ranking as one JSON document')
    .addHelpText('after', SUGGEST_KEY_EXAMPLES)
    .action(async (file: string, flags: { sample?: number; json?: boolean }) => {
      const [{ suggestPartitionKeys }, { formatKeySuggestions }] = await Promise.all([import('../../replay/suggest-key.js'), import('../format-key-suggestions.js')]);
      const suggestions = suggestPartitionKeys(file, flags.sample ? { sample: flags.sample } : {});
      io.stdout.write(flags.json ? `${JSON.stringify(suggestions, null, 2)}\n` : formatKeySuggestions(suggestions, file));
    });
  captures
    .command('merge')
    .description("Merge the captures of many recorders (one per instance) into a new capture in recorded-time order, each exchange tagged with its origin.")
    .argument('<files...>', 'the capture files (.db) to merge')
    .option('--out <capture>', 'capture file to create (never overwritten); default captures/merged.db')
    .option('--force', 'also merge captures that record no redaction key fingerprint (older Parity), trusting they used the same key')
    .option('--json', 'print the result as one JSON document')
    .addHelpText('after', MERGE_EXAMPLES)
    .action(async (files: string[], flags: MergeFlags) => {
      const [{ mergeCaptures }, { startProgress }] = await Promise.all([import('../../store/merge.js'), import('../progress.js')]);
      const out = flags.out ?? newCapturePath('merged');
      const interrupt = new AbortController();
      void io.untilInterrupted().then(() => interrupt.abort());
      let state = { merged: 0, total: 0 };
      const progress = startProgress(io, { label: 'merge', unit: 'exchanges', quiet: flags.json, read: () => ({ done: state.merged, total: state.total || undefined }) });
      const result = await mergeCaptures({ inputs: files, out, createdBy: `parity ${VERSION}`, force: flags.force === true, signal: interrupt.signal, onProgress: (p) => (state = { ...p }) }).finally(() => progress.stop());
      if (result.unverified.length > 0) io.stderr.write(`warning: merged on --force without a key fingerprint to check: ${result.unverified.join(', ')}\n`);
      io.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : formatMerge(result));
    });
}

const n = (value: number) => value.toLocaleString('en');

function formatMerge(r: MergeResult): string {
  const lines = [`merged ${n(r.merged)} exchanges from ${r.origins.length} capture${r.origins.length === 1 ? '' : 's'} into ${r.out} in ${(r.elapsedMs / 1000).toFixed(1)} s`];
  const width = n(Math.max(0, ...r.origins.map((o) => o.exchanges))).length;
  for (const o of r.origins) lines.push(`  ${n(o.exchanges).padStart(width)}  origin:${o.origin}  ${o.file}`);
  return `${lines.join('\n')}\n`;
}
