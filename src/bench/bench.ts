import { runLoad } from './load-engine.js';
import type { BenchSettings, BenchWindow, LoadRequest, LoadResult, Pace, SideName } from './model.js';
import { prepareProcessUsage, watchProcess } from './process-usage.js';
import type { LiveSide } from './sides.js';

/** The sides, the requests and where each side's stream of requests has got to. */
export class Bench {
  readonly #cursor: Record<SideName, number> = { legacy: 0, candidate: 0 };

  constructor(
    readonly settings: BenchSettings,
    readonly requests: readonly LoadRequest[],
    readonly sides: Readonly<Record<SideName, LiveSide>>,
    readonly options: { readonly signal?: AbortSignal | undefined; readonly onWindow?: ((window: BenchWindow, done: number, total: number) => void) | undefined },
  ) {}

  get aborted(): boolean {
    return this.options.signal?.aborted ?? false;
  }

  /** Warms both sides up, then measures `pairs` pairs of windows, alternating which side goes first. */
  async measure(): Promise<BenchWindow[]> {
    const { warmupMs, pairs, pace, windowMs } = this.settings;
    // The sampler thread and the clock rate are set up now, not in the first measured window.
    if (this.sides.legacy.pid !== null || this.sides.candidate.pid !== null) await prepareProcessUsage();
    if (warmupMs > 0) for (const side of ['legacy', 'candidate'] as const) if (!this.aborted) await this.window(side, pace, warmupMs);
    const windows: BenchWindow[] = [];
    for (let pair = 0; pair < pairs && !this.aborted; pair++) {
      const order: readonly SideName[] = pair % 2 === 0 ? ['legacy', 'candidate'] : ['candidate', 'legacy'];
      for (const side of order) {
        if (this.aborted) break;
        const { load, usage } = await this.window(side, pace, windowMs);
        const window: BenchWindow = { side, pair, load, usage };
        windows.push(window);
        this.options.onWindow?.(window, windows.length, pairs * 2);
      }
    }
    return windows;
  }

  /** One side alone under load for `durationMs`, its process watched when it is known. */
  async window(side: SideName, pace: Pace, durationMs: number): Promise<Pick<BenchWindow, 'load' | 'usage'>> {
    const live = this.sides[side];
    if (this.settings.resetPath !== null) {
      await live.reset(this.settings.resetPath);
      this.#cursor[side] = 0;
    }
    const watch = live.pid === null ? null : watchProcess(live.pid);
    let load: LoadResult;
    try {
      load = await runLoad({ target: live.url, requests: this.requests, start: this.#cursor[side], pace, durationMs, connections: this.settings.connections, timeoutMs: this.settings.timeoutMs, ...(this.options.signal ? { signal: this.options.signal } : {}) });
    } catch (error) {
      watch?.stop();
      throw error;
    }
    const usage = watch?.stop() ?? null;
    this.#cursor[side] = load.next;
    return { load, usage };
  }
}
