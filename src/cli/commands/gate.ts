import { appendFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Io } from '../io.js';
import type { GateLimits } from '../../gate/limits.js';
import { POLICIES } from '../../gate/policies/index.js';
import { parseCount, parsePercent, parsePositiveNumber } from '../options.js';

const EXAMPLES = `
Examples:
  $ parity gate reports/nightly/report.json
  $ parity gate reports/nightly/report.json --config parity.config.json --allow parity.allow.json
  $ parity gate reports/nightly/report.json --min-parity 99.5 --max-error-code-mismatches 10
  $ parity gate reports/nightly-bench/bench.json --max-p99-ratio 1.05

A replay report is held to the correctness policies, a bench report to the performance ones
(trusted-bench, max-p99-ratio: the lower bound of the ratio's 95% interval against the limit).

Exit codes: 0 every policy holds, 1 a policy failed, 2 bad input or usage.
With $GITHUB_STEP_SUMMARY set, the Markdown summary is appended to it.`;

type GateCommandFlags = Partial<GateLimits> & {
  readonly config?: string;
  readonly allow?: string;
  readonly json?: boolean;
};

const READ_LIMIT = { count: parseCount, percent: parsePercent, ratio: parsePositiveNumber } as const;
const PLACEHOLDER = { count: '<n>', percent: '<percent>', ratio: '<ratio>' } as const;

export function registerGate(program: Command, io: Io): void {
  const command = program
    .command('gate')
    .description('Check a replay or bench report against the policies: exit 0 when all hold, 1 when one fails.')
    .argument('<report>', 'a report.json written by parity replay (or parity report merge), or a bench.json written by parity bench')
    .option('--config <file>', 'parity.config.json: its "gate" section sets the limits and the allow-list')
    .option('--allow <file>', 'allow-list of accepted differences (owner, reason, expiry per entry)')
    .option('--json', 'print the gate outcome as JSON instead of the summary')
    .addHelpText('after', EXAMPLES);
  // One flag per limit a policy declares: `--max-transport <n>` sets config `gate.maxTransport`.
  for (const policy of POLICIES) {
    if (!('limit' in policy) || !policy.limit) continue;
    const { unit, describe, default: fallback } = policy.limit;
    command.option(`--${policy.name} ${PLACEHOLDER[unit]}`, `${describe} (default ${unit === 'ratio' ? fallback.toFixed(2) : fallback})`, READ_LIMIT[unit]);
  }
  command.action(async (reportPath: string, flags: GateCommandFlags) => {
      const [{ readAnyReport }, { loadGateSettings }, { evaluateGate }, { formatGate }, { renderAnyReport }, { failedPolicies }, { ParityError }] = await Promise.all([
        import('../../report/read.js'),
        import('../gate-settings.js'),
        import('../../gate/evaluate.js'),
        import('../format-gate.js'),
        import('../../render/bench.js'),
        import('../../render/format.js'),
        import('../../core/errors.js'),
      ]);
      const report = readAnyReport(reportPath);
      const { config, json, ...limitFlags } = flags;
      const settings = await loadGateSettings(config, limitFlags);
      const outcome = evaluateGate(report, settings.limits, settings.allowList);
      io.stdout.write(json ? `${JSON.stringify({ ...outcome, limits: settings.limits, allowList: { ...outcome.allowList, path: settings.allowPath } })}\n` : formatGate(report, outcome, reportPath));
      const summaryFile = io.env['GITHUB_STEP_SUMMARY'];
      if (summaryFile) {
        // The summary is a courtesy to the CI page: failing to write it must not change the verdict.
        await appendFile(summaryFile, `${renderAnyReport(report, 'md', { gate: outcome, reportPath })}\n`).catch((error: NodeJS.ErrnoException) =>
          io.stderr.write(`warning: could not append the summary to GITHUB_STEP_SUMMARY (${summaryFile}): ${error.code ?? error.message}\n`),
        );
      }
      if (!outcome.passed) throw new ParityError('GATE_FAILED', `gate failed: ${failedPolicies(outcome).map((p) => p.name).join(', ')}`);
    });
}
