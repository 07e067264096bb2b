import type { SideView } from '../side.js';
import { binaryComparer } from './binary.js';
import type { BodyComparer } from './body-comparer.js';
import { formComparer } from './form.js';
import { jsonComparer } from './json.js';
import { textComparer } from './text.js';

/**
 * Every kind of body Parity compares, first match by media type wins (binary takes the rest):
 * adding a kind is its file plus a line here, with an example the contract test runs it on.
 */
export const BODY_COMPARERS: readonly { readonly comparer: BodyComparer; readonly example: { readonly mediaType: string; readonly body: string; readonly changed: string } }[] = [
  { comparer: jsonComparer, example: { mediaType: 'application/json', body: '{"a":1,"b":[1,2]}', changed: '{"a":2,"b":[1,2]}' } },
  { comparer: formComparer, example: { mediaType: 'application/x-www-form-urlencoded', body: 'amount=10&currency=EUR', changed: 'amount=11&currency=EUR' } },
  { comparer: textComparer, example: { mediaType: 'text/plain', body: 'one\ntwo\nthree', changed: 'one\n2\nthree' } },
  { comparer: binaryComparer, example: { mediaType: 'image/png', body: '\x89PNG\r\n\x1a\n\x00\x01', changed: '\x89PNG\r\n\x1a\n\x00\x02' } },
];

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The comparer of a body: by its declared media type, else by what it holds (JSON, UTF-8 text, bytes). */
export function bodyComparerFor(view: SideView): BodyComparer {
  const mediaType = view.mediaType();
  if (mediaType !== undefined) {
    for (const { comparer } of BODY_COMPARERS) if (comparer.accepts(mediaType)) return comparer;
    return binaryComparer;
  }
  if (view.isJson() || view.content().byteLength === 0) return jsonComparer;
  try {
    STRICT_UTF8.decode(view.content());
    return textComparer;
  } catch {
    return binaryComparer;
  }
}
