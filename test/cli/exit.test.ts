import { describe, expect, test } from 'vitest';
import { toExitCode } from '../../src/cli/exit.js';
import { ParityError } from '../../src/core/errors.js';
import { fakeIo } from '../helpers/io.js';

describe('toExitCode', () => {
  test('a ParityError prints its message and hint on one line each and exits with its catalogue code', () => {
    const io = fakeIo();
    const code = toExitCode(new ParityError('STATE_NOT_FOUND', 'state file not found: x.json', { hint: 'omit --state' }), io);
    expect(code).toBe(2);
    expect(io.err()).toBe('parity: state file not found: x.json\nhint: omit --state\n');
    expect(io.out()).toBe('');
  });

  test('a run failure maps to exit 1', () => {
    expect(toExitCode(new ParityError('LISTEN_FAILED', 'cannot listen'), fakeIo())).toBe(1);
  });

  test('anything else is a bug: exit 3, one line and a hint, no stack', () => {
    const io = fakeIo();
    const code = toExitCode(new TypeError('x is undefined\nsecond line'), io);
    expect(code).toBe(3);
    expect(io.err()).toBe('parity: internal error: x is undefined\nhint: this is a bug in Parity; re-run with PARITY_DEBUG=1 for the stack\n');
    expect(io.err()).not.toMatch(/\bat .*\(/);
  });

  test('PARITY_DEBUG=1 adds the stack', () => {
    const io = fakeIo({ PARITY_DEBUG: '1' });
    toExitCode(new Error('boom'), io);
    expect(io.err()).toMatch(/at .*exit\.test\.ts/);
  });
});
