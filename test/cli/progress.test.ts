import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { PLAIN_EVERY_MS, progressLine, progressMode, startProgress, type ProgressState } from '../../src/cli/progress.js';
import { fakeIo } from '../helpers/io.js';

/** A fake Io as a terminal would give it (processIo: stderr is a TTY and CI is not set). */
const terminalIo = (env: Record<string, string> = {}) => ({ ...fakeIo(env), interactive: true });

describe('progressMode', () => {
  test.each([
    ['not a terminal', fakeIo(), {}, 'plain'],
    ['a terminal', terminalIo(), {}, 'bar'],
    ['a terminal with CI set', terminalIo({ CI: '1' }), {}, 'plain'],
    ['a terminal with TERM=dumb', terminalIo({ TERM: 'dumb' }), {}, 'plain'],
    ['a terminal with NO_COLOR (the bar has no colours)', terminalIo({ NO_COLOR: '1' }), {}, 'bar'],
    ['--json on a terminal', terminalIo(), { quiet: true }, 'off'],
    ['--json off a terminal', fakeIo(), { quiet: true }, 'off'],
  ])('%s → %s', (_name, io, options, mode) => {
    expect(progressMode(io, options)).toBe(mode);
  });
});

describe('progressLine', () => {
  const line = (state: ProgressState & { perSecond: number; etaSeconds?: number }, bar?: string) => progressLine({ label: 'replay', unit: 'exchanges' }, { etaSeconds: undefined, ...state }, bar);

  test('with a total: percentage, count of total, rate, ETA, then the detail', () => {
    expect(line({ done: 4_500, total: 10_000, perSecond: 812.4, etaSeconds: 6.8, detail: 'mismatches 3' })).toBe('replay 45% · 4,500/10,000 exchanges · 812/s · ETA 7s · mismatches 3');
    expect(line({ done: 10, total: 100_000, perSecond: 1, etaSeconds: 99_990 }, '██░░')).toBe('replay ██░░ 0% · 10/100,000 exchanges · 1/s · ETA 27h46m');
    expect(line({ done: 0, total: 10, perSecond: 0 })).toBe('replay 0% · 0/10 exchanges · 0/s · ETA –');
  });

  test('without a total: counters only', () => {
    expect(line({ done: 12_000, perSecond: 8_100, detail: 'skipped 0' })).toBe('replay 12,000 exchanges · 8,100/s · skipped 0');
  });
});

describe('startProgress', () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) }));
  afterEach(() => vi.useRealTimers());

  /** A count that grows by 100 a second. */
  const counting = () => {
    const began = Date.now();
    return () => ({ done: Math.floor((Date.now() - began) / 10), total: 1_000, detail: 'mismatches 0' });
  };

  test('not on a terminal: one plain line every 5 s, nothing when stopped', () => {
    const io = fakeIo();
    const progress = startProgress(io, { label: 'replay', unit: 'exchanges', read: counting() });
    vi.advanceTimersByTime(PLAIN_EVERY_MS - 1);
    expect(io.err()).toBe('');
    vi.advanceTimersByTime(1);
    expect(io.err()).toBe('replay 50% · 500/1,000 exchanges · 100/s · ETA 5s · mismatches 0\n');
    vi.advanceTimersByTime(PLAIN_EVERY_MS);
    expect(io.err().split('\n')).toEqual(['replay 50% · 500/1,000 exchanges · 100/s · ETA 5s · mismatches 0', 'replay 100% · 1,000/1,000 exchanges · 100/s · ETA 0s · mismatches 0', '']);
    progress.stop();
    const written = io.err();
    vi.advanceTimersByTime(3 * PLAIN_EVERY_MS);
    expect(io.err()).toBe(written);
    expect(written).not.toMatch(/[█░\x1b\r]/);
  });

  test('the rate is the recent one: an idle command shows 0/s', () => {
    const io = fakeIo();
    let done = 0;
    const progress = startProgress(io, { label: 'record', unit: 'proxied', read: () => ({ done, detail: 'recorded 0' }) });
    done = 500;
    vi.advanceTimersByTime(PLAIN_EVERY_MS);
    vi.advanceTimersByTime(PLAIN_EVERY_MS);
    progress.stop();
    expect(io.err()).toBe('record 500 proxied · 100/s · recorded 0\nrecord 500 proxied · 0/s · recorded 0\n');
  });

  test('CI set on a terminal: plain lines, never a bar', () => {
    const io = terminalIo({ CI: '1' });
    const progress = startProgress(io, { label: 'replay', unit: 'exchanges', read: counting() });
    vi.advanceTimersByTime(2 * PLAIN_EVERY_MS);
    progress.stop();
    expect(io.err().split('\n')).toHaveLength(3);
    expect(io.err()).not.toMatch(/[█░\x1b\r]/);
  });

  test('--json: nothing at all, on a terminal or not', () => {
    for (const io of [fakeIo(), terminalIo()]) {
      const progress = startProgress(io, { label: 'replay', unit: 'exchanges', quiet: true, read: counting() });
      vi.advanceTimersByTime(3 * PLAIN_EVERY_MS);
      progress.stop();
      expect(io.err()).toBe('');
    }
  });

  test('on a terminal: a cli-progress bar redrawn in place, cleared when stopped', () => {
    const io = terminalIo();
    const progress = startProgress(io, { label: 'replay', unit: 'exchanges', read: counting() });
    vi.advanceTimersByTime(3_000);
    const drawn = io.err();
    const draws = drawn.split('\x1b[1G').filter((d) => d.startsWith('replay'));
    expect(draws.length).toBeGreaterThan(5);
    expect(drawn).toContain('█');
    expect(drawn).toContain('░');
    expect(drawn).toMatch(/replay █+░+ 30% · 300\/1,000 exchanges · 100\/s · ETA 7s · mismatches 0/);
    expect(drawn).not.toContain('\n');
    progress.stop();
    expect(io.err().slice(drawn.length)).toMatch(/\x1b\[1G\x1b\[2K$/);
    const stopped = io.err();
    vi.advanceTimersByTime(3_000);
    expect(io.err()).toBe(stopped);
  });

  test('on a terminal without a total: a line of live counters, no bar and no ETA', () => {
    const io = terminalIo();
    let done = 0;
    const progress = startProgress(io, { label: 'import', unit: 'imported', read: () => ({ done, detail: 'skipped 0 · refused 0' }) });
    done = 3_000;
    vi.advanceTimersByTime(1_000);
    progress.stop();
    expect(io.err()).toContain('\x1b[1Gimport 3,000 imported · 3,000/s · skipped 0 · refused 0');
    expect(io.err()).not.toMatch(/[█░]|ETA/);
  });

  test('the bar fits the terminal: shorter on a narrow one, left out when there is no room', () => {
    const widest = (columns: number) => {
      const io = terminalIo();
      Object.assign(io.stderr, { columns });
      const progress = startProgress(io, { label: 'replay', unit: 'exchanges', read: counting() });
      vi.advanceTimersByTime(1_000);
      progress.stop();
      const lines = io.err().split(/\x1b\[\d*[GK]/).filter((d) => d.startsWith('replay'));
      return { lines, width: Math.max(...lines.map((d) => d.length)) };
    };
    expect(widest(200).lines.some((d) => d.includes('█'.repeat(3)))).toBe(true);
    expect(widest(80).width).toBeLessThan(80);
    const narrow = widest(60);
    expect(narrow.width).toBeLessThanOrEqual(60);
    expect(narrow.lines.join('')).not.toContain('█');
  });
});
