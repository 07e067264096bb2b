import type { SideView } from '../side.js';

/**
 * How one kind of body (JSON, text, a form, binary) is compared: what of it is compared (and shown
 * in an example's diff), and where two of those differ. Adding a kind is a file and a line in
 * `registry.ts`.
 */
export interface BodyComparer {
  readonly kind: string;
  /** Shown in the README's table. */
  readonly summary: string;
  /** Whether a body declared with this media type (no parameters, lower case) is this comparer's. */
  accepts(mediaType: string): boolean;
  /**
   * What is compared of a body (already undone of its Content-Encoding); `normaliseJson` applies
   * the compare settings (ignore rules, crosswalk, normalisers) to a parsed JSON body.
   */
  comparable(view: SideView, normaliseJson: (json: unknown) => unknown): unknown;
  /** Where two comparables differ, as report paths that group well (at most `limit`). */
  differences(legacy: unknown, candidate: unknown, limit: number): string[];
  /** The body as a report quotes it. */
  shown(view: SideView): string;
}
