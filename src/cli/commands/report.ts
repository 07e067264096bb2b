import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Io } from '../io.js';

const EXAMPLES = `
Examples:
  $ parity replay captures/demo.db --candidate http://127.0.0.1:8090 --shard 1/3 --out reports/demo-1
  $ parity replay captures/demo.db --candidate http://127.0.0.1:8090 --shard 2/3 --out reports/demo-2
  $ parity replay captures/demo.db --candidate http://127.0.0.1:8090 --shard 3/3 --out reports/demo-3
  $ parity report merge reports/demo-{1,2,3}/report.json --out reports/demo`;

export function registerReport(program: Command, io: Io): void {
  const report = program.command('report').description('Work with replay reports.');
  report
    .command('merge')
    .description('Merge the reports of the shards of one replay (--shard i/n) into the report of the whole run.')
    .argument('<reports...>', 'the report.json of every shard')
    .option('--out <dir>', 'where the merged report.json goes', 'reports/merged')
    .option('--json', 'print the merged report JSON to stdout instead of the summary')
    .addHelpText('after', EXAMPLES)
    .action(async (files: string[], flags: { out: string; json?: boolean }) => {
      const { readReport } = await import('../../report/read.js');
      const { mergeReports } = await import('../../report/merge.js');
      const { formatReplaySummary } = await import('../format-replay.js');
      const merged = mergeReports(files.map(readReport));
      await mkdir(flags.out, { recursive: true });
      const path = join(flags.out, 'report.json');
      await writeFile(path, `${JSON.stringify(merged, null, 2)}\n`);
      io.stdout.write(flags.json ? `${JSON.stringify(merged)}\n` : formatReplaySummary(merged, path));
    });
}
