import { ParityError } from '../core/errors.js';

/** A flag combination commander cannot check by itself (exit 2). */
export function usage(message: string): ParityError {
  return new ParityError('USAGE', message, { hint: 'run the command with --help for its flags and examples' });
}
