import type { Io } from '../../src/cli/io.js';

export interface FakeIo extends Io {
  readonly out: () => string;
  readonly err: () => string;
  /** Simulates Ctrl-C for a command waiting on `untilInterrupted`. */
  readonly interrupt: (signal?: string) => void;
}

/** An `Io` that captures output in memory, for running the CLI in-process. */
export function fakeIo(env: Record<string, string | undefined> = {}): FakeIo {
  let out = '';
  let err = '';
  let stop: (signal: string) => void = () => {};
  const interrupted = new Promise<string>((resolve) => (stop = resolve));
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env,
    interactive: false,
    untilInterrupted: () => interrupted,
    out: () => out,
    err: () => err,
    interrupt: (signal = 'SIGINT') => stop(signal),
  };
}
