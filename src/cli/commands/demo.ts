import type { Command } from 'commander';
import { DEMO_DEFAULTS } from '../../demo/demo-defaults.js';
import type { Io } from '../io.js';
import { parseInteger, parsePositiveInt } from '../options.js';

const DEFAULT_MUTATION = DEMO_DEFAULTS.mutation;

const EXAMPLES = `
Examples:
  $ parity demo                                   # the default: a candidate with the "${DEFAULT_MUTATION}" bug
  $ parity demo --no-mutate                       # a clean candidate: every correctness policy passes
  $ parity demo --mutate daily-limit-local-time --count 20000 --seed 7
  $ parity demo --mutate cpu-heavy                # performance only: parity 100%, the bench finds it
  $ parity validator --list-mutations             # the bugs --mutate can plant

Everything runs on 127.0.0.1 with ephemeral ports and stops when the demo ends (or on Ctrl-C).
The demo exits 0 once it has run, whatever the verdict (1 if it was interrupted); \`parity gate\`
on its report gives the gate's exit code. After the replay it benches both validators, each in a
process of its own, for a few seconds: the report's Performance section and the gate's
trusted-bench and max-p99-ratio (--no-bench leaves them out).`;

interface DemoFlags {
  readonly count: number;
  readonly seed: number;
  readonly mutate?: string | false;
  readonly capture: string;
  readonly out: string;
  readonly bench: boolean;
}

export function registerDemo(program: Command, io: Io): void {
  program
    .command('demo')
    .description('The whole loop on this machine: record traffic to the reference validator, replay it against a buggy rewrite, report and gate.')
    .option('--count <n>', 'payments to generate and record', parsePositiveInt, DEMO_DEFAULTS.count)
    .option('--seed <s>', 'traffic seed: the same seed records the same payments', parseInteger, DEMO_DEFAULTS.seed)
    .option('--mutate <name>', `the bug the candidate carries (default ${DEFAULT_MUTATION}; see parity validator --list-mutations)`)
    .option('--no-mutate', 'a candidate without a bug: the correctness policies pass (trusted-bench depends on this machine)')
    .option('--capture <file>', 'the demo capture (replaced on each run; never a capture the demo did not write)', DEMO_DEFAULTS.capture)
    .option('--out <dir>', 'where report.json, report.md, report.html and junit.xml go', DEMO_DEFAULTS.out)
    .option('--no-bench', 'skip the performance scorecard (a bench of both sides, a few seconds)')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: DemoFlags) => {
      const [{ runDemo }, { isValidatorMutationName, listMutations }, { redactionKey }, { textRenderer }, { formatGate }, { usage }, { ParityError }] = await Promise.all([
        import('../../demo/run-demo.js'),
        import('../../validator/index.js'),
        import('../../redact/redaction-key.js'),
        import('../../render/text.js'),
        import('../format-gate.js'),
        import('../usage-error.js'),
        import('../../core/errors.js'),
      ]);
      const name = flags.mutate === false ? null : (flags.mutate ?? DEFAULT_MUTATION);
      if (name !== null && !isValidatorMutationName(name)) throw usage(`--mutate: unknown mutation "${name}"; one of ${listMutations().map((m) => m.name).join(', ')}`);
      const interrupt = new AbortController();
      void io.untilInterrupted().then(() => interrupt.abort());
      const started = performance.now();
      const result = await runDemo({
        count: flags.count,
        seed: flags.seed,
        mutation: name,
        capture: flags.capture,
        out: flags.out,
        bench: flags.bench,
        key: redactionKey(io.env).key,
        signal: interrupt.signal,
        onStage: (line) => io.stderr.write(`${line}\n`),
      });
      if (result.kind === 'interrupted') throw new ParityError('INTERRUPTED', `demo interrupted during the ${result.stage}: servers stopped, no report written`);
      const [reportPath = '', ...renderings] = result.files;
      io.stdout.write(`\n${textRenderer.render(result.report, { gate: result.gate, reportPath })}\n${formatGate(result.report, result.gate, reportPath, { withGroups: false })}\n`);
      io.stdout.write(`open the HTML report: ${renderings.find((f) => f.endsWith('.html')) ?? ''}\n`);
      io.stdout.write(`demo finished in ${((performance.now() - started) / 1000).toFixed(1)} s; the gate ${result.gate.passed ? 'passed' : 'failed'} (\`parity gate ${reportPath}\` exits ${result.gate.passed ? 0 : 1})\n`);
    });
}
