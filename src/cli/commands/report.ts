import { setImmediate } from 'node:timers/promises';
import { Option, type Command } from 'commander';
import { REPORT_FORMATS, type ReportFormat } from '../../render/renderers.js';
import type { Io } from '../io.js';

const RENDER_EXAMPLES = `
Examples:
  $ parity report reports/nightly/report.json                       # the terminal summary
  $ parity report reports/nightly/report.json --format md >> "$GITHUB_STEP_SUMMARY"
  $ parity report reports/nightly/report.json --format html --out /tmp/parity.html
  $ parity report reports/nightly/report.json --format junit --config parity.config.json --out junit.xml

The gate's verdict (limits and allow-list from --config, else the defaults) is shown with the report.`;

const MERGE_EXAMPLES = `
Examples:
  $ parity replay captures/demo.db --candidate http://127.0.0.1:8090 --shard 1/3 --out reports/demo-1
  $ parity replay captures/demo.db --candidate http://127.0.0.1:8090 --shard 2/3 --out reports/demo-2
  $ parity replay captures/demo.db --candidate http://127.0.0.1:8090 --shard 3/3 --out reports/demo-3
  $ parity report merge reports/demo-{1,2,3}/report.json --out reports/demo

--out DIR writes report.json, report.md, report.html and junit.xml there; --out FILE.json only the JSON.`;

export function registerReport(program: Command, io: Io): void {
  const report = program
    .command('report')
    .description('Render a replay or bench report (text, Markdown, HTML, JUnit XML), or merge the reports of shards.')
    .argument('<report>', 'a report.json written by parity replay, or a bench.json written by parity bench')
    .addOption(new Option('--format <format>', 'what to render').choices(REPORT_FORMATS).default('text'))
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--config <file>', 'parity.config.json: the gate limits and allow-list shown with the report')
    .option('--allow <file>', 'allow-list of accepted differences, as parity gate --allow')
    .addHelpText('after', RENDER_EXAMPLES)
    // `merge` has its own --out and --config: the parent's apply only before the subcommand.
    .enablePositionalOptions()
    // `parity report help` shows help, as `parity help` does, rather than looking for a file named help.
    .helpCommand(true)
    .action(async (file: string, flags: { format: ReportFormat; out?: string; config?: string; allow?: string }) => {
      const [{ readAnyReport }, { renderAnyReport }, { gateContext }] = await Promise.all([import('../../report/read.js'), import('../../render/bench.js'), import('../gate-settings.js')]);
      const parsed = readAnyReport(file);
      const rendered = renderAnyReport(parsed, flags.format, { gate: await gateContext(parsed, flags), reportPath: file });
      if (!flags.out) return void io.stdout.write(rendered);
      await (await import('../../render/write.js')).writeReportFile(flags.out, rendered);
      io.stdout.write(`wrote ${flags.out}\n`);
    });
  report
    .command('merge')
    .description('Merge the reports of the shards of one replay (--shard i/n) into the report of the whole run.')
    .argument('<reports...>', 'the report.json of every shard')
    .option('--out <dir|file.json>', 'a directory for the report and its renderings, or a .json file for the report alone', 'reports/merged')
    .option('--config <file>', 'parity.config.json: the gate limits and allow-list shown in the renderings')
    .option('--allow <file>', 'allow-list of accepted differences, as parity gate --allow')
    .option('--json', 'print the merged report JSON to stdout instead of the summary')
    .addHelpText('after', MERGE_EXAMPLES)
    .action(async (files: string[], flags: { out: string; config?: string; allow?: string; json?: boolean }) => {
      const [{ readReport }, { mergeReports }, { textRenderer }, { writeReportFiles, writeReportFile }, { gateContext }, { startProgress }] = await Promise.all([
        import('../../report/read.js'),
        import('../../report/merge.js'),
        import('../../render/text.js'),
        import('../../render/write.js'),
        import('../gate-settings.js'),
        import('../progress.js'),
      ]);
      const reports: ReturnType<typeof readReport>[] = [];
      const progress = startProgress(io, { label: 'merge', unit: 'reports read', quiet: flags.json, read: () => ({ done: reports.length, total: files.length }) });
      try {
        for (const file of files) {
          reports.push(readReport(file));
          await setImmediate(); // reading is synchronous: let the progress draw between reports
        }
      } finally {
        progress.stop();
      }
      const merged = mergeReports(reports);
      const gate = await gateContext(merged, flags);
      let path = flags.out;
      if (flags.out.endsWith('.json')) {
        await writeReportFile(flags.out, `${JSON.stringify(merged, null, 2)}\n`);
      } else {
        [path = flags.out] = await writeReportFiles(flags.out, merged, { gate });
      }
      io.stdout.write(flags.json ? `${JSON.stringify(merged)}\n` : textRenderer.render(merged, { gate, reportPath: path }));
    });
}
