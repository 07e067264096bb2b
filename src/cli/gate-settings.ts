import { loadConfig } from '../config/load-config.js';
import type { ParityConfig } from '../config/parity-config.js';
import { evaluateGate } from '../gate/evaluate.js';
import type { GateOutcome } from '../gate/outcome.js';
import type { GateReport } from '../gate/policy.js';
import { loadAllowList, type AllowList } from '../gate/allow-list.js';
import { DEFAULT_LIMITS, type GateLimits } from '../gate/limits.js';

export type GateFlags = Partial<GateLimits> & { readonly allow?: string };

export interface GateSettings {
  readonly limits: GateLimits;
  readonly allowList: AllowList;
  /** Where the allow-list came from, or null for none. */
  readonly allowPath: string | null;
}

/** The gate's limits and allow-list: flags over the config's `gate` section over the defaults. */
export async function gateSettings(config: ParityConfig, flags: GateFlags = {}): Promise<GateSettings> {
  const { allow: configAllow, ...configLimits } = config.gate ?? {};
  const { allow: flagAllow, ...flagLimits } = flags;
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<GateLimits>;
  const limits: GateLimits = { ...DEFAULT_LIMITS, ...defined(configLimits), ...defined(flagLimits) };
  const allowPath = flagAllow ?? configAllow ?? null;
  return { limits, allowList: allowPath ? await loadAllowList(allowPath) : { allow: [] }, allowPath };
}

/** gateSettings with the config read from `configPath` (none: the defaults and the flags). */
export async function loadGateSettings(configPath: string | undefined, flags: GateFlags = {}): Promise<GateSettings> {
  return gateSettings(configPath ? (await loadConfig(configPath)).doc : {}, flags);
}

/** The gate's verdict on a report as renderings show it: `--config`'s gate section and `--allow`, else the defaults. */
export async function gateContext(report: GateReport, flags: { readonly config?: string; readonly allow?: string }): Promise<GateOutcome> {
  const { limits, allowList } = await loadGateSettings(flags.config, flags.allow ? { allow: flags.allow } : {});
  return evaluateGate(report, limits, allowList);
}
