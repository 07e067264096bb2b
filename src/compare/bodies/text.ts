import type { SideView } from '../side.js';
import type { BodyComparer } from './body-comparer.js';

/** Beyond this many changed lines, one summary path: a page rewritten throughout is one finding, not dozens. */
const MAX_LINE_PATHS = 3;

const XML_OR_SCRIPT = new Set(['application/xml', 'application/javascript', 'application/ecmascript', 'application/x-yaml', 'application/yaml', 'application/x-ndjson', 'application/graphql', 'application/sql']);

/** `text/*`, XML, YAML, scripts: compared line by line. */
export const textComparer: BodyComparer = {
  kind: 'text',
  summary: 'line by line; paths `line 12` (up to 3 changed lines), else `(text: lines added or removed)` or `(text: more than 3 lines differ)`',
  accepts: (mediaType) => mediaType.startsWith('text/') || mediaType.endsWith('+xml') || XML_OR_SCRIPT.has(mediaType),
  comparable: (view) => decodeText(view),
  differences(legacy, candidate) {
    if (legacy === candidate) return [];
    const a = String(legacy).split(/\r?\n/);
    const b = String(candidate).split(/\r?\n/);
    // Lines are numbered only when none moved: after an insertion every later line "differs".
    if (a.length !== b.length) return ['(text: lines added or removed)'];
    const changed: string[] = [];
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue;
      if (changed.length === MAX_LINE_PATHS) return [`(text: more than ${MAX_LINE_PATHS} lines differ)`];
      changed.push(`line ${i + 1}`);
    }
    return changed;
  },
  shown: (view) => decodeText(view),
};

/** The content as text in its declared charset (UTF-8 when none, or when the label is unknown). */
export function decodeText(view: SideView): string {
  const charset = view.charset();
  const content = view.content();
  if (charset === undefined || charset === 'utf-8' || charset === 'utf8') return content.toString('utf8');
  try {
    return new TextDecoder(charset).decode(content);
  } catch {
    return content.toString('utf8');
  }
}
