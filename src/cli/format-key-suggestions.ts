import { formatCount as n, oneLine } from '../render/format.js';
import type { KeySuggestion, KeySuggestions } from '../replay/suggest-key.js';

const SHOWN = 10;

/** The ranking as a table, and the flag that replays by the best key. */
export function formatKeySuggestions(s: KeySuggestions, capture: string): string {
  if (s.keys.length === 0) {
    return `no partition key found in ${n(s.sampled)} exchanges: nothing is in nearly every request with values that repeat.\nreplay with --order global (one at a time) if the service keeps state, --order none if it does not.\n`;
  }
  // Keys come from recorded bodies: oneLine keeps an escape sequence in one from reaching the terminal.
  const rows = s.keys.slice(0, SHOWN).map((k, i) => [String(i + 1), oneLine(k.key), `${Math.round(k.coverage * 1000) / 10}%`, n(k.distinct), k.perValue.toFixed(1), k.score.toFixed(2), oneLine(why(k))]);
  const head = ['rank', 'key', 'present', 'distinct', 'per value', 'score', 'why'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const left = new Set([1, head.length - 1]);
  const line = (cells: string[]) => cells.map((cell, c) => (left.has(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  const best = s.keys[0]!;
  return [
    `partition keys in ${n(s.sampled)} exchanges, best first (present in ≥ 99% of requests; values repeat)`,
    'score: 3 an entity (other keys are functions of it), 2 values repeat, 1 mostly seen once, 0 stood for by the key in why',
    line(head),
    ...rows.map(line),
    ...(s.keys.length > SHOWN ? [`… and ${s.keys.length - SHOWN} more (--json lists them all)`] : []),
    '',
    `replay with: parity replay ${shellQuote(capture)} --partition-key ${shellQuote(oneLine(best.key))} --candidate URL`,
    '',
  ].join('\n');
}

/** The role in words, naming the key that stands for this one. */
function why(k: KeySuggestion): string {
  const of = k.of ?? '?';
  switch (k.role) {
    case 'entity':
      return 'entity';
    case 'key':
      return 'repeats';
    case 'sparse':
      return 'mostly seen once';
    case 'alias':
      return `same as ${of}`;
    case 'finer':
      return `finer than ${of}`;
    case 'resent':
      return `retries within ${of}`;
    case 'attribute':
      return `attribute of ${of}`;
  }
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
