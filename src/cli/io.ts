/** What a command may touch of the outside world; tests pass their own. */
export interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** stderr is a terminal and not CI: live progress may redraw a line; otherwise plain periodic lines. */
  readonly interactive: boolean;
  /** Resolves when the user asks a long-running command to stop (Ctrl-C, SIGTERM). */
  readonly untilInterrupted: () => Promise<string>;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    interactive: Boolean(process.stderr.isTTY) && !process.env['CI'],
    untilInterrupted: () =>
      new Promise((resolve) => {
        const stop = (signal: string) => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve(signal);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
  };
}
