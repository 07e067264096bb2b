/**
 * Where generated traffic starts when no start is given: a Saturday morning shortly before the EU
 * clocks change (29 March) and the month ends, so a few days of traffic cross both.
 */
export const DEFAULT_START_ISO = '2026-03-28T06:00:00Z';
export const DEFAULT_START = Date.parse(DEFAULT_START_ISO);
