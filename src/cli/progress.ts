import cliProgress from 'cli-progress';
import type { Io } from './io.js';

/**
 * Live progress of a long command, on stderr only:
 * - `bar`: a terminal (io.interactive), not CI, not TERM=dumb — a cli-progress bar redrawn in place
 *   (count, total, rate, ETA), or a line of live counters when there is no total;
 * - `plain`: anywhere else (pipes, CI logs) — the same text as a plain line every `plainEveryMs`;
 * - `off`: the command prints JSON (--json) — nothing at all.
 * No colours are used, so NO_COLOR has nothing to turn off.
 */
export type ProgressMode = 'bar' | 'plain' | 'off';

export function progressMode(io: Io, { quiet = false }: { quiet?: boolean | undefined } = {}): ProgressMode {
  if (quiet) return 'off';
  if (!io.interactive || io.env['CI'] || io.env['TERM'] === 'dumb') return 'plain';
  return 'bar';
}

/** What the command has done so far; read by the progress, not pushed to it. */
export interface ProgressState {
  readonly done: number;
  /** Known total: a bar with percentage and ETA. Undefined (or not yet known): counters only. */
  readonly total?: number | undefined;
  /** Extra counters after the rate, e.g. `mismatches 3`. */
  readonly detail?: string | undefined;
}

export interface ProgressOptions {
  /** First word of the line: the command, e.g. `replay`. */
  readonly label: string;
  /** What `done` counts, e.g. `exchanges`. */
  readonly unit: string;
  /** The command prints JSON (--json), or progress would get in the way: nothing at all. */
  readonly quiet?: boolean | undefined;
  readonly read: () => ProgressState;
  readonly plainEveryMs?: number;
}

export interface Progress {
  /** Ends the progress: the bar is cleared (the command prints its summary next), the timers stop. Idempotent. */
  stop(): void;
}

export const PLAIN_EVERY_MS = 5_000;
/** How often a bar reads the state; cli-progress redraws at most `BAR_FPS` times a second, and only on change. */
const BAR_POLL_MS = 200;
const BAR_FPS = 10;
const BAR_SIZE = 30;
/** The rate is measured over this much recent time: an idle command shows 0, not a slow decay. */
const RATE_WINDOW_MS = 5_000;

export function startProgress(io: Io, options: ProgressOptions): Progress {
  const mode = progressMode(io, options);
  if (mode === 'off') return { stop() {} };
  const rate = new RateMeter(Date.now());
  const snapshot = (): Snapshot => {
    const state = options.read();
    const perSecond = rate.sample(Date.now(), state.done);
    const remaining = state.total === undefined ? undefined : Math.max(0, state.total - state.done);
    return { ...state, perSecond, etaSeconds: remaining === undefined || perSecond <= 0 ? undefined : remaining / perSecond };
  };

  if (mode === 'plain') {
    const timer = setInterval(() => io.stderr.write(`${progressLine(options, snapshot())}\n`), options.plainEveryMs ?? PLAIN_EVERY_MS);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }

  const bar = new cliProgress.SingleBar({
    // The Io's stderr, presented as the terminal it is (mode 'bar' says so): cli-progress draws only on a TTY.
    stream: terminalStream(io) as unknown as NodeJS.WritableStream,
    format: (barOptions, params, payload: { snapshot?: Snapshot }) => {
      const s = payload.snapshot;
      if (!s) return options.label;
      if (s.total === undefined) return progressLine(options, s);
      // The bar takes what the line leaves of the terminal's width, up to BAR_SIZE, and is left out below 8.
      const size = Math.min(BAR_SIZE, params.maxWidth - 2 - progressLine(options, s, '').length);
      return progressLine(options, s, size >= 8 ? cliProgress.Format.BarFormat(params.progress, { ...barOptions, barsize: size }) : undefined);
    },
    fps: BAR_FPS,
    barsize: BAR_SIZE,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    clearOnComplete: true,
    emptyOnZero: true,
    // Leave the terminal's modes alone (a crash must not leave the cursor hidden or wrapping off): lines are cut to the width instead.
    hideCursor: null,
    linewrap: true,
  });
  const push = () => {
    const s = snapshot();
    if (s.total !== undefined) bar.setTotal(s.total);
    bar.update(s.done, { snapshot: s });
  };
  bar.start(0, 0, { snapshot: snapshot() });
  // cli-progress's own redraw timer keeps the process alive until stop(): commands stop in `finally`.
  const timer = setInterval(push, BAR_POLL_MS);
  timer.unref();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      push();
      bar.stop();
    },
  };
}

interface Snapshot extends ProgressState {
  readonly perSecond: number;
  readonly etaSeconds: number | undefined;
}

/**
 * `replay ████░░ 45% · 4,500/10,000 exchanges · 812/s · ETA 7s · mismatches 3` with a total (the bar
 * only on a terminal), `record 1,234 proxied · 45/s · recorded 1,230` without.
 */
export function progressLine(options: Pick<ProgressOptions, 'label' | 'unit'>, s: Snapshot, bar?: string): string {
  const parts =
    s.total === undefined
      ? [`${options.label} ${n(s.done)} ${options.unit}`, `${n(Math.round(s.perSecond))}/s`]
      : [
          `${options.label} ${bar ? `${bar} ` : ''}${percent(s.done, s.total)}%`,
          `${n(s.done)}/${n(s.total)} ${options.unit}`,
          `${n(Math.round(s.perSecond))}/s`,
          `ETA ${s.etaSeconds === undefined ? '–' : duration(s.etaSeconds)}`,
        ];
  if (s.detail) parts.push(s.detail);
  return parts.join(' · ');
}

const n = (value: number) => value.toLocaleString('en');

function percent(done: number, total: number): number {
  return total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
}

function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Count per second over the last RATE_WINDOW_MS (since the start while younger than that). */
class RateMeter {
  #samples: { at: number; done: number }[];

  constructor(startedAt: number) {
    this.#samples = [{ at: startedAt, done: 0 }];
  }

  sample(at: number, done: number): number {
    this.#samples.push({ at, done });
    // Keep one sample at or before the window's start, so the window is always covered.
    while (this.#samples.length > 2 && (this.#samples[1]?.at ?? at) <= at - RATE_WINDOW_MS) this.#samples.shift();
    const first = this.#samples[0] ?? { at, done };
    return at > first.at ? ((done - first.done) * 1000) / (at - first.at) : 0;
  }
}

const SAVE_CURSOR = '\x1b7';
const RESTORE_CURSOR = '\x1b8';

/**
 * What cli-progress needs of a stream: write, isTTY, columns. Its cursor save and restore are left
 * out: the bar is one line redrawn where it is, and restoring a position saved before a warning
 * was printed under the bar (record's store errors) would write the summary over that warning.
 */
function terminalStream(io: Io) {
  return {
    isTTY: true,
    get columns(): number {
      const columns = (io.stderr as { columns?: unknown }).columns;
      return typeof columns === 'number' && columns > 0 ? columns : 80;
    },
    write: (text: string) => (text === SAVE_CURSOR || text === RESTORE_CURSOR ? true : io.stderr.write(text)),
  };
}
