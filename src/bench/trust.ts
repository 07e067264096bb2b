import { completePairs } from './bootstrap.js';
import type { BenchSettings, BenchWindow, HarnessHealth, PerformanceSection, Trust } from './model.js';

/**
 * More than this share of sends late by over 1 ms and the load offered was not the load asked for:
 * latencies then include the harness's own delay (a few late sends are the event loop's jitter).
 */
export const MAX_LATE_SHARE = 0.01;
/**
 * The harness's event-loop delay p99 (µs) above which its timers and reads lag the service's answers
 * enough to show in a p99 of a few ms: the figures then measure the harness.
 */
export const MAX_EVENT_LOOP_DELAY_P99_US = 5_000;
/**
 * One Node process cannot use more than one core for its event loop: near it, the harness rather
 * than the service may have set the pace.
 */
export const MAX_HARNESS_CPU_SHARE = 0.9;
/**
 * Under this share of the scheduled requests actually sent, the side was not offered the rate: its
 * achieved rate says how fast the harness sent, not how fast the side answered.
 */
export const MIN_SENT_SHARE = 0.95;
/** Below this, a ratio has no interval (the bootstrap needs pairs to resample). */
export const MIN_PAIRS = 2;

/**
 * Whether the figures of a bench can be believed. Each reason is one sentence a reader acts on;
 * any reason makes the bench untrusted: the figures are still shown, flagged, never as facts.
 */
export function judgeTrust(windows: readonly BenchWindow[], settings: BenchSettings, findMax: PerformanceSection['findMax'] = null): Trust {
  const reasons: string[] = [];
  const label = (w: BenchWindow) => `${w.side}'s window ${w.pair + 1}`;
  // A closed loop sends when an answer arrives: no send has an intended time to be late against.
  const openLoop = settings.pace.kind !== 'saturate';

  const late = windows.filter((w) => w.load.harness.lateShare > MAX_LATE_SHARE);
  const worstLate = maxBy(late, (w) => w.load.harness.lateShare);
  if (openLoop && worstLate) {
    reasons.push(
      `${percent(worstLate.load.harness.lateShare)} of sends went out more than 1 ms late in ${label(worstLate)}${late.length > 1 ? ` (and ${late.length - 1} other windows)` : ''}, up to ${ms(worstLate.load.harness.maxLateUs)}: the harness's own delay is in those requests' latency (its process was not run in time: busy, or the machine's other processes held the cores; a separate load machine avoids it).${worstLate.load.harness.raisedPriority ? '' : ` Its threads ran at a normal priority: with CAP_SYS_NICE (as root, or \`setcap cap_sys_nice+ep\` on node) they run ahead of the services and wake on time far more often.`}`,
    );
  }
  const lagging = maxBy(windows.filter((w) => w.load.harness.eventLoopDelayP99Us > MAX_EVENT_LOOP_DELAY_P99_US), (w) => w.load.harness.eventLoopDelayP99Us);
  if (lagging) reasons.push(`The harness's event loop lagged (p99 ${ms(lagging.load.harness.eventLoopDelayP99Us)} in ${label(lagging)}): its own delay is in the latencies.`);
  const busy = maxBy(windows.filter((w) => w.load.harness.cpuShare >= MAX_HARNESS_CPU_SHARE), (w) => w.load.harness.cpuShare);
  if (busy) reasons.push(`The harness used ${percent(busy.load.harness.cpuShare)} of a core in ${label(busy)}: it may have been the bottleneck (run it on a separate machine or lower the rate).`);
  const starved = openLoop ? maxBy(windows.filter((w) => w.load.scheduled > 0 && w.load.sent / w.load.scheduled < MIN_SENT_SHARE), (w) => -w.load.sent / w.load.scheduled) : undefined;
  if (starved) {
    const { sent, scheduled, completed, durationMs } = starved.load;
    reasons.push(`The harness sent only ${percent(sent / scheduled)} of the requests scheduled in ${label(starved)} (${rate(completed, durationMs)} achieved of ${rate(scheduled, durationMs)} offered): the shortfall is the harness's, not the side's.`);
  }
  const pairs = completePairs(windows).length;
  if (pairs < MIN_PAIRS) reasons.push(`Only ${pairs} pair${pairs === 1 ? '' : 's'} of windows was measured: no ratio has a confidence interval (run for longer, with at least ${MIN_PAIRS} windows per side).`);
  for (const empty of windows.filter((w) => w.load.completed === 0)) {
    reasons.push(`${capitalise(label(empty))} completed no request (${empty.load.sent} sent, ${empty.load.errors} failed): the side was down or unreachable.`);
  }
  if (findMax && findMax.harnessLimit !== null) {
    reasons.push(`The peak-rate search stopped at ${formatRate(findMax.harnessLimit)} req/s because the harness could not send faster: a peak rate there is the harness's limit, the side's may be higher.`);
  }
  return { trusted: reasons.length === 0, reasons, harness: worstHarness(windows) };
}

/** The worst window of each measure: what the report shows of the harness's health. */
function worstHarness(windows: readonly BenchWindow[]): HarnessHealth {
  const worst = (pick: (h: HarnessHealth) => number) => windows.reduce((max, w) => Math.max(max, pick(w.load.harness)), 0);
  return { lateShare: worst((h) => h.lateShare), maxLateUs: worst((h) => h.maxLateUs), eventLoopDelayP99Us: worst((h) => h.eventLoopDelayP99Us), cpuShare: worst((h) => h.cpuShare), raisedPriority: windows.length > 0 && windows.every((w) => w.load.harness.raisedPriority) };
}

function maxBy<T>(items: readonly T[], key: (item: T) => number): T | undefined {
  return items.reduce<T | undefined>((best, item) => (best === undefined || key(item) > key(best) ? item : best), undefined);
}

function percent(share: number): string {
  return `${Number((share * 100).toPrecision(3))}%`;
}

function ms(us: number): string {
  return `${Number((us / 1000).toPrecision(3))} ms`;
}

function rate(count: number, durationMs: number): string {
  return `${durationMs > 0 ? Math.round((count / durationMs) * 1000) : 0} req/s`;
}

function formatRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
