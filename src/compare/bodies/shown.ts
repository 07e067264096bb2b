import type { SideView } from '../side.js';
import { binarySummary } from './binary.js';
import { bodyComparerFor } from './registry.js';

/**
 * The body as a person reads it in a report: decoded text, or for binary content (and bytes that
 * did not decode) a `binary, N bytes, sha256 …` line, never the bytes as garbled characters.
 */
export function shownBody(view: SideView): string {
  if (view.reply.kind !== 'answer') return '';
  const undecodable = view.undecodable();
  if (undecodable !== undefined) return `(${undecodable} body that does not decode) ${binarySummary(view.content())}`;
  return bodyComparerFor(view).shown(view);
}
