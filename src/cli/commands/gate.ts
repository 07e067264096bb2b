import { appendFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { parseCount, parsePercent, parsePositiveNumber } from '../options.js';

const EXAMPLES = `
Examples:
  $ parity gate reports/nightly/report.json
  $ parity gate reports/nightly/report.json --config parity.config.json --allow parity.allow.json
  $ parity gate reports/nightly/report.json --min-parity 99.5 --max-error-code-mismatches 10

Exit codes: 0 every policy holds, 1 a policy failed, 2 bad input or usage.
With $GITHUB_STEP_SUMMARY set, the Markdown summary is appended to it.`;

interface GateCommandFlags {
  readonly config?: string;
  readonly allow?: string;
  readonly maxDecisionMismatches?: number;
  readonly maxErrorCodeMismatches?: number;
  readonly minParity?: number;
  readonly maxP99Ratio?: number;
  readonly maxTransport?: number;
  readonly maxCritical?: number;
  readonly json?: boolean;
}

export function registerGate(program: Command, io: Io): void {
  program
    .command('gate')
    .description('Check a replay report against the parity policies: exit 0 when all hold, 1 when one fails.')
    .argument('<report>', 'a report.json written by parity replay (or parity report merge)')
    .option('--config <file>', 'parity.config.json: its "gate" section sets the limits and the allow-list')
    .option('--allow <file>', 'allow-list of accepted differences (owner, reason, expiry per entry)')
    .option('--max-decision-mismatches <n>', 'decision mismatches outside the allow-list (default 0)', parseCount)
    .option('--max-error-code-mismatches <n>', 'error-code mismatches outside the allow-list (default 0)', parseCount)
    .option('--min-parity <percent>', 'parity %, allowed groups counted as matches (default 100)', parsePercent)
    .option('--max-p99-ratio <ratio>', 'candidate p99 / legacy p99 (default 1.10)', parsePositiveNumber)
    .option('--max-transport <n>', 'exchanges a side did not answer, outside the allow-list (default 0)', parseCount)
    .option('--max-critical <n>', 'false approvals, whatever the allow-list says (default 0)', parseCount)
    .option('--json', 'print the gate outcome as JSON instead of the summary')
    .addHelpText('after', EXAMPLES)
    .action(async (reportPath: string, flags: GateCommandFlags) => {
      const [{ readReport }, { loadGateSettings }, { evaluateGate }, { formatGate }, { markdownRenderer }, { failedPolicies }, { ParityError }] = await Promise.all([
        import('../../report/read.js'),
        import('../gate-settings.js'),
        import('../../gate/evaluate.js'),
        import('../format-gate.js'),
        import('../../report/render/markdown.js'),
        import('../../report/render/format.js'),
        import('../../core/errors.js'),
      ]);
      const report = readReport(reportPath);
      const { config, json, ...limitFlags } = flags;
      const settings = await loadGateSettings(config, limitFlags);
      const outcome = evaluateGate(report, settings.limits, settings.allowList);
      io.stdout.write(json ? `${JSON.stringify({ ...outcome, limits: settings.limits, allowList: { ...outcome.allowList, path: settings.allowPath } })}\n` : formatGate(report, outcome, reportPath));
      const summaryFile = io.env['GITHUB_STEP_SUMMARY'];
      if (summaryFile) {
        // The summary is a courtesy to the CI page: failing to write it must not change the verdict.
        await appendFile(summaryFile, `${markdownRenderer.render(report, { gate: outcome, reportPath })}\n`).catch((error: NodeJS.ErrnoException) =>
          io.stderr.write(`warning: could not append the summary to GITHUB_STEP_SUMMARY (${summaryFile}): ${error.code ?? error.message}\n`),
        );
      }
      if (!outcome.passed) throw new ParityError('GATE_FAILED', `gate failed: ${failedPolicies(outcome).map((p) => p.name).join(', ')}`);
    });
}
