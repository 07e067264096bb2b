import { onTestFinished } from 'vitest';
import { createValidator, listenValidator, type ListeningValidator, type ValidatorOptions } from '../../src/validator/index.js';

/** A reference validator on 127.0.0.1 with an ephemeral port, closed when the test ends. */
export async function startValidator(options: ValidatorOptions = {}): Promise<ListeningValidator> {
  const server = await listenValidator(createValidator(options), '127.0.0.1', 0);
  onTestFinished(() => server.close());
  return server;
}

/** A reference validator for a whole file's tests (from beforeAll): the caller closes it. */
export function listenForSuite(options: ValidatorOptions = {}): Promise<ListeningValidator> {
  return listenValidator(createValidator(options), '127.0.0.1', 0);
}
