/** Scheme and authority of an absolute URL (`http://host:8080`), as written, before the path. */
const ORIGIN = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

/**
 * Splits a request target or URL into the path and the raw query string, keeping every byte of
 * both (no percent-decoding, no dot-segment removal: `new URL()` would normalise them). Accepts
 * origin-form (`/a?b`), absolute-form (`http://h/a?b`) and `*`. Fragments are dropped unless
 * `keepFragment`: a browser never sends one, but Parity's own exports keep every path byte.
 */
export function splitTarget(target: string, { keepFragment = false } = {}): { readonly path: string; readonly query: string } | undefined {
  let rest = target;
  const origin = ORIGIN.exec(rest);
  if (origin) {
    rest = rest.slice(origin[0].length);
    if (rest === '' || rest.startsWith('?') || rest.startsWith('#')) rest = `/${rest}`;
  }
  if (!keepFragment) {
    const hash = rest.indexOf('#');
    if (hash >= 0) rest = rest.slice(0, hash);
  }
  if (rest === '*') return { path: '*', query: '' };
  if (!rest.startsWith('/')) return undefined;
  const mark = rest.indexOf('?');
  return mark < 0 ? { path: rest, query: '' } : { path: rest.slice(0, mark), query: rest.slice(mark + 1) };
}
