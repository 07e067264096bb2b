import type { SendSummary } from '../traffic/send-tally.js';

/** The end-of-run summary of `parity generate`, for people. */
export function formatSendSummary(summary: SendSummary, requested: number, stoppedBy?: string): string {
  const seconds = (summary.durationMs / 1000).toFixed(2);
  const head = summary.interrupted
    ? `generate: stopped${stoppedBy ? ` (${stoppedBy})` : ''} after ${summary.sent} of ${requested} requests`
    : `generate: sent ${summary.sent} requests`;
  const lines = [`${head} to ${summary.target} in ${seconds} s (${summary.requestsPerSecond} req/s)`];
  for (const [status, n] of Object.entries(summary.byStatus)) lines.push(`  status ${status}  ${n}`);
  const errors = Object.entries(summary.errors);
  lines.push(errors.length === 0 ? '  errors      none' : `  errors      ${errors.map(([code, n]) => `${code} ${n}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
