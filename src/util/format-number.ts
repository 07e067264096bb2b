// Numbers as the reports, the terminal and the gate write them (the gate must not import the renderers).

/** Counts with thousands separators, fixed to English so output does not depend on the machine's locale. */
export function formatCount(value: number): string {
  return value.toLocaleString('en', { maximumFractionDigits: 2 });
}

/** Candidate / legacy: `2.63×`, or `n/a` when a side has nothing to divide by. */
export function formatRatio(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? 'n/a' : `${ratio.toFixed(2)}×`;
}
