/** Scheme and authority of an absolute URL (`http://host:8080`), as written, before the path. */
const ORIGIN = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/;

export interface RequestTarget {
  readonly path: string;
  readonly query: string;
  /** Of an absolute URL: the scheme in lower case and the host[:port] (any `user:pass@` left out). */
  readonly origin?: { readonly scheme: string; readonly authority: string };
}

/**
 * Splits a request target or URL into the path and the raw query string, keeping every byte of
 * both (no percent-decoding, no dot-segment removal: `new URL()` would normalise them). Accepts
 * origin-form (`/a?b`), absolute-form (`http://h/a?b`) and `*`. Fragments are dropped unless
 * `keepFragment`: a browser never sends one, but Parity's own exports keep every path byte.
 */
export function splitTarget(target: string, { keepFragment = false } = {}): RequestTarget | undefined {
  let rest = target;
  const match = ORIGIN.exec(rest);
  if (match) {
    rest = rest.slice(match[0].length);
    if (rest === '' || rest.startsWith('?') || rest.startsWith('#')) rest = `/${rest}`;
  }
  if (!keepFragment) {
    const hash = rest.indexOf('#');
    if (hash >= 0) rest = rest.slice(0, hash);
  }
  // Credentials in a URL are no part of the Host header, and must not reach a capture.
  const origin = match ? { scheme: (match[1] ?? '').toLowerCase(), authority: (match[2] ?? '').replace(/^.*@/, '') } : undefined;
  const at = origin ? { origin } : {};
  if (rest === '*') return { path: '*', query: '', ...at };
  if (!rest.startsWith('/')) return undefined;
  const mark = rest.indexOf('?');
  return mark < 0 ? { path: rest, query: '', ...at } : { path: rest.slice(0, mark), query: rest.slice(mark + 1), ...at };
}
