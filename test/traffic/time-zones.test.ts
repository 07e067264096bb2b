import { describe, expect, test } from 'vitest';
import { formatTimestamp, offsetAt } from '../../src/traffic/time-zones.js';
import { parseTimestamp } from '../../src/util/timestamp.js';

describe('offsetAt', () => {
  test.each([
    ['DE', '2026-03-29T00:59:59Z', 60],
    ['DE', '2026-03-29T01:00:00Z', 120],
    ['DE', '2026-10-25T00:59:59Z', 120],
    ['DE', '2026-10-25T01:00:00Z', 60],
    ['GB', '2026-03-28T12:00:00Z', 0],
    ['GB', '2026-07-01T12:00:00Z', 60],
    ['US', '2026-03-08T06:59:59Z', -300],
    ['US', '2026-03-08T07:00:00Z', -240],
    ['US', '2026-11-01T05:59:59Z', -240],
    ['US', '2026-11-01T06:00:00Z', -300],
    ['JP', '2026-07-01T12:00:00Z', 540],
    ['KW', '2026-07-01T12:00:00Z', 180],
    ['ZZ', '2026-07-01T12:00:00Z', 0],
  ])('%s at %s is %i minutes east of UTC', (country, iso, offset) => {
    expect(offsetAt(country, Date.parse(iso))).toBe(offset);
  });
});

describe('formatTimestamp', () => {
  const instant = Date.parse('2026-03-31T23:30:15.250Z');

  test.each([
    ['JP', { zone: 'local', utcSuffix: 'Z', millis: false }, '2026-04-01T08:30:15+09:00'],
    ['US', { zone: 'local', utcSuffix: 'Z', millis: true }, '2026-03-31T19:30:15.250-04:00'],
    ['FR', { zone: 'local', utcSuffix: 'Z', millis: false }, '2026-04-01T01:30:15+02:00'],
    ['GB', { zone: 'local', utcSuffix: 'Z', millis: false }, '2026-04-01T00:30:15+01:00'],
    ['FR', { zone: 'utc', utcSuffix: 'Z', millis: false }, '2026-03-31T23:30:15Z'],
    ['FR', { zone: 'utc', utcSuffix: '+00:00', millis: false }, '2026-03-31T23:30:15+00:00'],
  ] as const)('%s %j → %s, which parses back to the instant', (country, style, expected) => {
    const text = formatTimestamp(instant, country, style);
    expect(text).toBe(expected);
    expect(parseTimestamp(text)!.epochMs).toBe(style.millis ? instant : instant - 250);
  });
});
