/** One field of an urlencoded string; name and value are percent-decoded, '+' read as space. */
export interface FormField {
  readonly name: string;
  readonly value: string;
}

/**
 * Rewrites an application/x-www-form-urlencoded string (or URL query, without its '?') field by
 * field: `edit(field)` returns a new decoded value, or undefined (or the same value) to keep the
 * field's bytes exactly, or null to remove the field and its '&'. Fields without '=' have value ''
 * and keep their shape unless given a non-empty value. Empty segments ('a=1&&b=2') are not fields
 * and stay as they are. Malformed percent escapes are read as literal text (never throws).
 * A changed value is written with encodeURIComponent, spaces as '+' when the field's raw value
 * used '+' for spaces, as %20 when it used %20, otherwise '+' if any other part of `raw` does.
 * Returns `raw` itself when nothing changed.
 */
export function rewriteForm(raw: string, edit: (field: FormField) => string | null | undefined): string {
  const segments = raw.split('&');
  const out: string[] = [];
  let changed = false;
  for (const segment of segments) {
    if (segment === '') {
      out.push(segment);
      continue;
    }
    const eq = segment.indexOf('=');
    const rawName = eq === -1 ? segment : segment.slice(0, eq);
    const rawValue = eq === -1 ? '' : segment.slice(eq + 1);
    const field: FormField = { name: decodeFormComponent(rawName), value: decodeFormComponent(rawValue) };
    const next = edit(field);
    if (next === null) {
      changed = true;
      continue;
    }
    if (next === undefined || next === field.value) {
      out.push(segment);
      continue;
    }
    changed = true;
    out.push(`${rawName}=${encodeFormValue(next, plusForSpace(rawValue, raw))}`);
  }
  return changed ? out.join('&') : raw;
}

/** Percent-decodes one name or value: '+' is a space, runs of valid %XX are UTF-8, anything malformed stays literal. */
export function decodeFormComponent(raw: string): string {
  const text = raw.replace(/\+/g, ' ');
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

function plusForSpace(rawValue: string, raw: string): boolean {
  if (rawValue.includes('+')) return true;
  if (rawValue.includes('%20')) return false;
  return raw.includes('+') && !raw.includes('%20');
}

function encodeFormValue(value: string, plus: boolean): string {
  const encoded = encodeURIComponent(toWellFormed(value));
  return plus ? encoded.replace(/%20/g, '+') : encoded;
}

/** Lone surrogates become U+FFFD (encodeURIComponent throws on them). */
function toWellFormed(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\ufffd');
}
