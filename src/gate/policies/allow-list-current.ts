import type { CorrectnessPolicy } from '../policy.js';

/** Expired allow-list entries fail the gate: an accepted difference is accepted until a date. */
export const allowListCurrent: CorrectnessPolicy<never> = {
  name: 'allow-list',
  reads: 'replay',
  evaluate({ allowList }) {
    const { expired, stale } = allowList;
    const passed = expired.length === 0;
    const staleNote = stale.length > 0 ? `; ${stale.length} stale (allow${stale.length === 1 ? 's' : ''} nothing: remove ${stale.length === 1 ? 'it' : 'them'})` : '';
    const detail = passed
      ? `${allowList.allowed.length} group(s) allowed, no entry expired${staleNote}`
      : `${expired.length} expired entr${expired.length === 1 ? 'y' : 'ies'}: ${expired.map((e) => `"${e.signature}" (${e.owner}, expired ${e.expires})`).join(', ')}${staleNote}`;
    return { name: 'allow-list', passed, actual: expired.length, limit: 0, detail };
  },
};
