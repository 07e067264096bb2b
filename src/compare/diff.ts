import { diff } from 'jest-diff';

const MAX_DIFF_CHARS = 4_000;

/** A human diff of two normalised bodies, for kept examples only: it costs far too much for every exchange. */
export function renderDiff(legacy: unknown, candidate: unknown): string {
  const text = diff(legacy, candidate, { aAnnotation: 'legacy', bAnnotation: 'candidate', contextLines: 2, expand: false, includeChangeCounts: true }) ?? '';
  // jest-diff colours by default through chalk; reports must stay plain text.
  const plain = text.replace(/\x1b\[[0-9;]*m/g, '');
  return plain.length > MAX_DIFF_CHARS ? `${plain.slice(0, MAX_DIFF_CHARS)}\n… (diff truncated)` : plain;
}
