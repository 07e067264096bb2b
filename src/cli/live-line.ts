import type { Io } from './io.js';

/**
 * A status line refreshed while a long command runs: redrawn in place on a terminal, printed as a
 * plain line every `plainEveryMs` otherwise (CI logs stay readable). Writes to stderr only.
 */
export function startLiveLine(io: Io, render: () => string, { plainEveryMs = 5_000 } = {}): { stop(): void } {
  const interactive = io.interactive;
  const timer = setInterval(() => io.stderr.write(interactive ? `\r\x1b[2K${render()}` : `${render()}\n`), interactive ? 250 : plainEveryMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (interactive) io.stderr.write('\r\x1b[2K');
    },
  };
}
