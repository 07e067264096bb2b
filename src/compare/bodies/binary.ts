import { createHash } from 'node:crypto';
import type { BodyComparer } from './body-comparer.js';

/** Anything else (images, PDF, octet streams): by length and SHA-256, never decoded as text. */
export const binaryComparer: BodyComparer = {
  kind: 'binary',
  summary: 'by length and SHA-256, never as text; paths `(binary: length differs)` or `(binary: bytes differ)`',
  accepts: () => true,
  comparable: (view) => binarySummary(view.content()),
  differences(legacy, candidate) {
    if (legacy === candidate) return [];
    return [lengthOf(legacy) === lengthOf(candidate) ? '(binary: bytes differ)' : '(binary: length differs)'];
  },
  shown: (view) => binarySummary(view.content()),
};

/** How binary content shows and compares: `binary, N bytes, sha256 <hex>`. */
export function binarySummary(bytes: Uint8Array): string {
  return `binary, ${bytes.byteLength} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}`;
}

function lengthOf(summary: unknown): string | undefined {
  return /^binary, (\d+) bytes/.exec(String(summary))?.[1];
}
