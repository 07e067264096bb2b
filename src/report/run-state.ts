import type { ReportV1 } from './model.js';

/**
 * Why a run covers less than its capture, in words every rendering and the gate use: stopped on
 * an unreachable side (which, where, the last error), or interrupted (Ctrl-C, SIGTERM, a signal).
 * Undefined for a complete run.
 */
export function whyPartial(run: ReportV1['run']): string | undefined {
  if (!run.interrupted) return undefined;
  const u = run.unreachable;
  return u ? `stopped early: the ${u.side} at ${u.url} failed ${u.consecutiveFailures} requests in a row (last: ${u.lastError})` : 'interrupted';
}

/** The note for a capture replayed while a recorder was still writing it. */
export const BEING_WRITTEN_NOTE = 'the capture was still being written: a snapshot of what it held at the start was replayed';
