import { CommanderError } from 'commander';
import { ERROR_CATALOGUE, isParityError } from '../core/errors.js';
import type { Io } from './io.js';

/** 0 success, 1 the run's verdict failed, 2 bad input or usage, 3 a bug in Parity. */
export type ExitCode = 0 | 1 | 2 | 3;

const COMMANDER_SUCCESS = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/** The one place that turns an error into output and an exit code. */
export function toExitCode(error: unknown, io: Io): ExitCode {
  if (error instanceof CommanderError) {
    // Commander has already printed its own one-line message and the usage hint.
    return COMMANDER_SUCCESS.has(error.code) ? 0 : 2;
  }
  if (isParityError(error)) {
    io.stderr.write(`parity: ${error.message}\n`);
    if (error.hint) io.stderr.write(`hint: ${error.hint}\n`);
    if (io.env['PARITY_DEBUG'] === '1') io.stderr.write(`${error.stack ?? ''}\n`);
    return ERROR_CATALOGUE[error.code].exit;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`parity: internal error: ${message.split('\n')[0]}\n`);
  if (io.env['PARITY_DEBUG'] === '1') io.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  else io.stderr.write('hint: this is a bug in Parity; re-run with PARITY_DEBUG=1 for the stack\n');
  return 3;
}
