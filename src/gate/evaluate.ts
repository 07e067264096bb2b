import type { ReportV1 } from '../report/model.js';
import { applyAllowList, type AllowList } from './allow-list.js';
import type { GateLimits } from './limits.js';
import type { GateOutcome } from './outcome.js';
import { POLICIES } from './policies/index.js';

/** Every policy against the report; the gate passes when all do. `today` decides which entries expired. */
export function evaluateGate(report: ReportV1, limits: GateLimits, allowList: AllowList = { allow: [] }, today = new Date()): GateOutcome {
  const findings = applyAllowList(allowList, report, today);
  const policies = POLICIES.map((p) => p.evaluate({ report, allowList: findings, limit: 'limit' in p && p.limit ? limits[p.limit.key] : 0 }));
  return { passed: policies.every((p) => p.passed), policies, allowList: findings };
}
