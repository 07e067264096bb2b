/**
 * Child-process entry: the reference validator on 127.0.0.1 with an OS-picked port.
 * Prints `{"port":N,"pid":N}` as one line on stdout once listening; exits on SIGTERM/SIGINT or
 * when its stdin closes (the benchmark died without killing it).
 */
import { createValidator, listenValidator } from '../../src/validator/index.js';
import { serveUntilParentLeaves } from './serve.js';

const listening = await listenValidator(createValidator(), '127.0.0.1', 0);
serveUntilParentLeaves(listening.port);
