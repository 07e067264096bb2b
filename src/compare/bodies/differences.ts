import type { SideView } from '../side.js';
import type { BodyComparer } from './body-comparer.js';

/** One side's body as the comparison sees it: its comparer and what it compares. */
export interface ComparedBody {
  readonly view: SideView;
  readonly comparer: BodyComparer;
  readonly body: unknown;
}

const LIMIT = 32;

/**
 * Where two answers' bodies differ, as report paths. A body that does not decode is compared as
 * the bytes sent (`(body: undecodable gzip)`); a change of media type is a finding on its own
 * (`(content-type) application/json→text/html`: comparing a JSON body with an HTML page line by
 * line says nothing more); otherwise the comparer of the kind says where.
 */
export function bodyDifferences(a: ComparedBody, b: ComparedBody): string[] {
  const finding = contentFinding(a, b);
  if (finding !== undefined) return finding;
  // The same comparer on both sides once the finding above is ruled out (JSON, the hot path, included).
  return a.comparer.differences(a.body, b.body, LIMIT);
}

/** What is found before the comparer of the kind is asked, or undefined when it must be. */
function contentFinding(a: ComparedBody, b: ComparedBody): string[] | undefined {
  const undecodable = a.view.undecodable() ?? b.view.undecodable();
  if (undecodable !== undefined) return a.view.content().equals(b.view.content()) ? [] : [`(body: undecodable ${undecodable})`];
  const aEmpty = a.view.content().byteLength === 0;
  const bEmpty = b.view.content().byteLength === 0;
  if (aEmpty && bEmpty) return [];
  const typeA = a.view.mediaType();
  const typeB = b.view.mediaType();
  // Parameters (charset) do not count: the content is compared decoded. A type only one side
  // declares counts when the bodies are of different kinds.
  const typeChanged = typeA !== undefined && typeB !== undefined ? typeA !== typeB : a.comparer !== b.comparer;
  if (typeChanged && !aEmpty && !bEmpty) return [`(content-type) ${typeA ?? '(none)'}→${typeB ?? '(none)'}`];
  if (a.comparer !== b.comparer) return [aEmpty ? '(body: legacy empty)' : '(body: candidate empty)'];
  return undefined;
}
