import type { SideView } from './side.js';
import { describe, type Change } from './transitions.js';

/** Headers compared without configuration: a changed media type or redirect target changes what a client does. */
export const DEFAULT_COMPARED_HEADERS: readonly string[] = ['content-type', 'location'];

/** How a header difference is named among body paths. */
export function headerPath(name: string): string {
  return `header ${name}`;
}

/** The compared headers (lower-case names) whose values differ between two answers. */
export function differingHeaders(a: SideView, b: SideView, names: readonly string[]): Change[] {
  const out: Change[] = [];
  for (const name of names) {
    const from = headerFingerprint(a, name);
    const to = headerFingerprint(b, name);
    // An undeclared media type is not a change of it: the body comparison tells kinds apart by content.
    if (from === to || (name === 'content-type' && (from === undefined || to === undefined))) continue;
    const fromText = describe(from);
    const toText = describe(to);
    out.push({ path: headerPath(name), values: fromText === null || toText === null || name === 'authorization' ? null : [fromText, toText] });
  }
  return out;
}

/**
 * A header's value as compared: the media type without its parameters (the body is compared
 * decoded, so a charset changes nothing a client reads); a
 * location without scheme and host, because the candidate runs at another address and an
 * absolute redirect names it; cookies by name only, since their values are sessions and
 * expiry dates that differ on every answer.
 */
export function headerFingerprint(view: SideView, name: string): string | undefined {
  if (view.reply.kind !== 'answer') return undefined;
  // Asked for every compared header of every answer: no array unless the header repeats.
  let first: string | undefined;
  let more: string[] | undefined;
  for (const [n, v] of view.reply.headers) {
    if (n.length !== name.length || n.toLowerCase() !== name) continue;
    if (first === undefined) first = v;
    else (more ??= [first]).push(v);
  }
  if (first === undefined) return undefined;
  const values = more ?? [first];
  if (name === 'set-cookie') return values.map((v) => v.split('=')[0]?.trim() ?? '').sort().join(', ');
  const joined = values.join(', ').trim();
  if (name === 'content-type') return joined.split(';')[0]?.trim().toLowerCase();
  if (name === 'location') return joined.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
  return joined;
}
