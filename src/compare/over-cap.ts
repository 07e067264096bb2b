import { createHash } from 'node:crypto';
import type { SideView } from './side.js';

/** A body known by its whole length and SHA-256, for comparing bodies of which one side kept only the start. */
interface Whole {
  readonly length: number;
  /** Computed only when needed: a whole body is hashed only when the lengths agree. */
  readonly sha256: () => string | undefined;
}

/**
 * Where a side's body was cut at the byte cap, the two bodies are compared by whole length and
 * SHA-256 (of the bytes as sent), never by content: a cut JSON body does not parse, and comparing
 * two cut prefixes would call bodies equal that differ past the cap. Returns undefined when
 * neither side was cut (the comparers of the kind then compare), [] when the bodies are the same,
 * otherwise the one finding. A cut body without a hash (a capture from an older Parity, or one
 * redaction changed) cannot be compared: that is said, not reported as a changed content.
 */
export function overCapFinding(legacy: SideView, candidate: SideView): string[] | undefined {
  if (!cut(legacy) && !cut(candidate)) return undefined;
  const a = wholeOf(legacy);
  const b = wholeOf(candidate);
  if (a === undefined || b === undefined) return [`(body: over the cap, not comparable: ${a === undefined ? 'legacy' : 'candidate'} has no full length or hash)`];
  if (a.length !== b.length) return [`(body: over the cap, length ${a.length.toLocaleString('en')}→${b.length.toLocaleString('en')})`];
  const ha = a.sha256();
  const hb = b.sha256();
  if (ha === undefined || hb === undefined) return [`(body: over the cap, not comparable: ${ha === undefined ? 'legacy' : 'candidate'} has no hash)`];
  return ha === hb ? [] : ['(body: over the cap, sha256 differs)'];
}

function cut(view: SideView): boolean {
  return view.reply.kind === 'answer' && view.reply.truncated;
}

function wholeOf(view: SideView): Whole | undefined {
  const reply = view.reply;
  if (reply.kind !== 'answer') return undefined;
  if (!reply.truncated) {
    const body = reply.body;
    return { length: body.byteLength, sha256: () => createHash('sha256').update(body).digest('hex') };
  }
  if (reply.fullLength === undefined) return undefined;
  const sha256 = reply.sha256;
  return { length: reply.fullLength, sha256: () => sha256 };
}
