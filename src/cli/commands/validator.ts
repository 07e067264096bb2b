import { InvalidArgumentError, type Command } from 'commander';
import { isValidatorMutationName, listMutations, type ValidatorMutationName } from '../../validator/mutation-names.js';
import type { Io } from '../io.js';
import { parsePort } from '../options.js';

const EXAMPLES = `
Examples:
  $ parity validator                                   # legacy on http://127.0.0.1:8080
  $ parity validator --port 8090 --mutate hold-not-placed   # a buggy "rewrite" to compare against
  $ parity validator --port 8091 --mutate slow-tail         # same answers, a slower tail: for parity bench
  $ parity validator --list-mutations

Try it:
  $ curl -s localhost:8080/v1/payments/validate -H 'content-type: application/json' -d @test/fixtures/validator/payments/approve.json`;

interface ValidatorFlags {
  readonly host: string;
  readonly port: number;
  readonly state?: string;
  readonly mutate?: ValidatorMutationName;
  readonly listMutations?: boolean;
  readonly listRules?: boolean;
}

export function registerValidator(program: Command, io: Io): void {
  program
    .command('validator')
    .description('Run the reference payment validator (the bundled "legacy service") over HTTP.')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 8080)
    .option('--state <file>', 'seed state (accounts, merchants) as JSON; default: the bundled seed')
    .option('--mutate <name>', 'behave like a buggy rewrite: one of --list-mutations', parseMutation)
    .option('--list-mutations', 'list the mutations and exit')
    .option('--list-rules', 'list the rules in pipeline order and exit')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: ValidatorFlags) => {
      const validator = await import('../../validator/index.js');
      if (flags.listMutations) {
        for (const m of listMutations()) io.stdout.write(`${m.name.padEnd(28)} ${m.performanceOnly ? '[performance only] ' : ''}${m.description}\n`);
        return;
      }
      const mutation = flags.mutate;
      if (flags.listRules) {
        validator.buildPipeline(mutation).rules.forEach((r, i) => io.stdout.write(`${String(i + 1).padStart(2)}. ${r.name.padEnd(22)} ${r.describe()}\n`));
        return;
      }
      const seed = flags.state ? await validator.loadSeed(flags.state) : validator.defaultSeed();
      const service = validator.createValidator({ seed, ...(mutation ? { mutation } : {}) });
      const server = await validator.listenValidator(service, flags.host, flags.port);
      io.stdout.write(`validator listening on ${server.url} (mutation: ${mutation ?? 'none'}); Ctrl-C to stop\n`);
      const signal = await io.untilInterrupted();
      await server.close();
      io.stderr.write(`validator stopped (${signal})\n`);
    });
}

function parseMutation(value: string): ValidatorMutationName {
  if (isValidatorMutationName(value)) return value;
  throw new InvalidArgumentError(`unknown mutation; one of: ${listMutations().map((m) => m.name).join(', ')}.`);
}
