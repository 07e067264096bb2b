import { fileURLToPath } from 'node:url';
import type { ValidatorMutationName } from '../validator/index.js';

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * The shell command that starts this Parity's bundled validator in a process of its own (port
 * `{port}`), for a bench to measure it apart from the harness. From src/ (tests, tsx) the CLI is
 * TypeScript and runs through tsx, a dev dependency present wherever the sources are run.
 */
export function validatorCommand(mutation: ValidatorMutationName | null): string {
  const fromSource = import.meta.url.endsWith('.ts');
  const bin = fileURLToPath(new URL(fromSource ? '../bin.ts' : '../bin.js', import.meta.url));
  const node = [quote(process.execPath), ...(fromSource ? ['--import', 'tsx'] : []), quote(bin)].join(' ');
  return `exec ${node} validator --port {port}${mutation ? ` --mutate ${mutation}` : ''}`;
}
