import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerBench } from './commands/bench.js';
import { registerCaptures } from './commands/captures.js';
import { registerGenerate } from './commands/generate.js';
import { registerDemo } from './commands/demo.js';
import { registerExport } from './commands/export.js';
import { registerGate } from './commands/gate.js';
import { registerImport } from './commands/import.js';
import { registerRecord } from './commands/record.js';
import { registerReplay } from './commands/replay.js';
import { registerReport } from './commands/report.js';
import { registerValidator } from './commands/validator.js';
import { toExitCode, type ExitCode } from './exit.js';
import type { Io } from './io.js';

const COMMANDS = [registerDemo, registerValidator, registerRecord, registerReplay, registerBench, registerReport, registerGate, registerImport, registerExport, registerGenerate, registerCaptures] as const;

export function createProgram(io: Io): Command {
  const program = new Command('parity')
    .description('Record real HTTP traffic, replay it against a legacy service and its rewrite, and gate CI on parity.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    // Lets a command with subcommands (report, report merge) give each its own options.
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  for (const register of COMMANDS) register(program, io);
  program.addHelpText('after', '\nExit codes: 0 success, 1 the run failed its verdict, 2 bad input or usage, 3 internal error.');
  return program;
}

/** Runs the CLI and returns the exit code; never calls process.exit. */
export async function runCli(argv: readonly string[], io: Io): Promise<ExitCode> {
  try {
    const program = createProgram(io);
    if (argv.length <= 2) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    return toExitCode(error, io);
  }
}
