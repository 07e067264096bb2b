import { InvalidArgumentError } from 'commander';

/** Commander parsers: a bad value becomes commander's standard "argument is invalid" error (exit 2). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new InvalidArgumentError('expected a port number from 0 to 65535 (0 picks a free port).');
  return port;
}
