import { applyAllowList, type AllowList } from './allow-list.js';
import type { GateLimits } from './limits.js';
import type { AllowListFindings, GateOutcome, PolicyResult } from './outcome.js';
import { isBenchReport } from '../report/bench-report.js';
import type { GateReport, Policy } from './policy.js';
import { POLICIES } from './policies/index.js';

const NOTHING_ALLOWED: AllowListFindings = { allowed: [], expired: [], stale: [] };

/**
 * Every policy that reads what the report holds; the gate passes when all do. A replay report is
 * held to the correctness policies (and to the performance ones when it carries a bench's
 * section); a bench report to the performance policies only. `today` decides which allow-list
 * entries expired.
 */
export function evaluateGate(report: GateReport, limits: GateLimits, allowList: AllowList = { allow: [] }, today = new Date()): GateOutcome {
  const replay = isBenchReport(report) ? null : report;
  const performance = report.performance ?? null;
  const findings = replay ? applyAllowList(allowList, replay, today) : NOTHING_ALLOWED;
  const limitOf = (p: Policy) => ('limit' in p && p.limit ? limits[p.limit.key as keyof GateLimits] : 0);
  const policies = POLICIES.flatMap((p): PolicyResult[] => {
    if (p.reads === 'replay') return replay ? [p.evaluate({ report: replay, allowList: findings, limit: limitOf(p) })] : [];
    if (performance) return [p.evaluate({ performance, limit: limitOf(p) })];
    return [{ name: p.name, passed: true, actual: null, limit: limitOf(p), detail: 'not measured: no performance figures (run parity bench and gate its bench.json; a correctness replay measures its own queueing, not the services)' }];
  });
  return { passed: policies.every((p) => p.passed), policies, allowList: findings };
}
