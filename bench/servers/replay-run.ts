/**
 * Child-process entry for `npm run bench:replay -- --scale N`: one replay in its own process, so
 * its memory is the replayer's alone (not the capture generator's). Parameters from the environment:
 *
 *   REPLAY_BENCH_CAPTURE, REPLAY_BENCH_LEGACY, REPLAY_BENCH_CANDIDATE (URLs), REPLAY_BENCH_CONCURRENCY,
 *   REPLAY_BENCH_MARKS (comma-separated exchange counts at which to report RSS)
 *
 * Prints `{"mark":N,"rss":bytes}` and `{"heapAt":N,"heapUsed":…,"heapTotal":…,"external":…}` at each
 * mark (what of the RSS is the V8 heap), then `{"compared":N,"mismatched":N}`.
 */
import { resolveReplaySettings } from '../../src/replay/replay-options.js';
import { replay } from '../../src/replay/runner.js';
import { VALIDATOR_NOISE } from '../../src/validator/noise.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`replay-run: ${name} is required`);
  return value;
};
const marks = env('REPLAY_BENCH_MARKS').split(',').map(Number);
const reported = new Set<number>();
const report = await replay({
  capture: env('REPLAY_BENCH_CAPTURE'),
  ...resolveReplaySettings([
    {
      source: { kind: 'options' },
      values: { legacy: env('REPLAY_BENCH_LEGACY'), candidate: env('REPLAY_BENCH_CANDIDATE'), order: 'none', concurrency: Number(env('REPLAY_BENCH_CONCURRENCY')), timeoutMs: 10_000, reset: true },
    },
  ]),
  compare: VALIDATOR_NOISE,
  onProgress: ({ done }) => {
    for (const at of marks) {
      if (done < at || reported.has(at)) continue;
      reported.add(at);
      const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
      process.stdout.write(`${JSON.stringify({ mark: at, rss })}\n${JSON.stringify({ heapAt: at, heapUsed, heapTotal, external })}\n`);
    }
  },
});
process.stdout.write(`${JSON.stringify({ compared: report.totals.compared, mismatched: report.totals.mismatched })}\n`);
