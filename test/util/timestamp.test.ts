import { describe, expect, test } from 'vitest';
import { formatDay, localDay, parseTimestamp, utcDay } from '../../src/util/timestamp.js';

describe('parseTimestamp', () => {
  test.each([
    ['2026-11-23T10:15:00Z', Date.UTC(2026, 10, 23, 10, 15), 0],
    ['2026-11-23T10:15:00+00:00', Date.UTC(2026, 10, 23, 10, 15), 0],
    ['2026-11-23T10:15:00+01:00', Date.UTC(2026, 10, 23, 9, 15), 60],
    ['2026-11-23T10:15:00-05:30', Date.UTC(2026, 10, 23, 15, 45), -330],
    ['2026-11-23T10:15:00+18:00', Date.UTC(2026, 10, 22, 16, 15), 1080],
    ['2026-11-23T10:15:00-18:00', Date.UTC(2026, 10, 24, 4, 15), -1080],
  ])('%s is the instant written with its offset', (text, epochMs, offsetMinutes) => {
    expect(parseTimestamp(text)).toEqual({ epochMs, offsetMinutes });
  });

  test.each([
    ['2026-11-23T10:15:00.5Z', 500],
    ['2026-11-23T10:15:00.123Z', 123],
    ['2026-11-23T10:15:00.999999999Z', 999],
  ])('%s keeps whole milliseconds of the fraction', (text, ms) => {
    expect(parseTimestamp(text)?.epochMs).toBe(Date.UTC(2026, 10, 23, 10, 15, 0, ms));
  });

  test('accepts 29 February in a leap year and the last second of a day', () => {
    expect(parseTimestamp('2028-02-29T23:59:59Z')?.epochMs).toBe(Date.UTC(2028, 1, 29, 23, 59, 59));
  });

  test('reads a year below 100 as that year, not as 19xx', () => {
    expect(formatDay(utcDay(parseTimestamp('0050-03-01T00:00:00Z')!))).toBe('0050-03-01');
    // Year 0 (proleptic Gregorian) is a leap year; 1900 is not.
    expect(parseTimestamp('0000-02-29T00:00:00Z')).toBeDefined();
  });

  test.each([
    ['2026-11-23T10:15:00', 'no offset'],
    ['2026-11-23 10:15:00Z', 'a space instead of T'],
    ['2026-11-23T10:15Z', 'no seconds'],
    ['2026-11-23T10:15:00z', 'a lower-case z'],
    ['2026-11-23T10:15:00+0100', 'an offset without a colon'],
    ['2026-11-23', 'a date only'],
    ['2026-02-30T10:15:00Z', '30 February'],
    ['2027-02-29T10:15:00Z', '29 February in a common year'],
    ['2026-04-31T10:15:00Z', '31 April'],
    ['2026-13-01T10:15:00Z', 'month 13'],
    ['2026-00-10T10:15:00Z', 'month 0'],
    ['2026-11-00T10:15:00Z', 'day 0'],
    ['2026-11-23T24:00:00Z', 'hour 24'],
    ['2026-11-23T10:60:00Z', 'minute 60'],
    ['2026-11-23T10:15:60Z', 'a leap second'],
    ['2026-11-23T10:15:00+18:01', 'an offset beyond 18 hours'],
    ['2026-11-23T10:15:00.1234567890Z', 'more than 9 fraction digits'],
    [' 2026-11-23T10:15:00Z', 'leading space'],
  ])('refuses %s (%s)', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });
});

describe('utcDay and localDay', () => {
  test('agree away from midnight', () => {
    const ts = parseTimestamp('2026-11-23T12:00:00+01:00')!;
    expect(formatDay(utcDay(ts))).toBe('2026-11-23');
    expect(formatDay(localDay(ts))).toBe('2026-11-23');
  });

  test('just after local midnight east of UTC, the UTC day is the day before', () => {
    const ts = parseTimestamp('2026-11-23T00:30:00+01:00')!;
    expect(formatDay(utcDay(ts))).toBe('2026-11-22');
    expect(formatDay(localDay(ts))).toBe('2026-11-23');
  });

  test('just before local midnight west of UTC, the UTC day is the day after', () => {
    const ts = parseTimestamp('2026-12-31T23:30:00-02:00')!;
    expect(formatDay(utcDay(ts))).toBe('2027-01-01');
    expect(formatDay(localDay(ts))).toBe('2026-12-31');
  });

  test('the UTC day turns at 00:00:00.000Z', () => {
    expect(formatDay(utcDay(parseTimestamp('2026-11-22T23:59:59.999Z')!))).toBe('2026-11-22');
    expect(formatDay(utcDay(parseTimestamp('2026-11-23T00:00:00Z')!))).toBe('2026-11-23');
  });
});
