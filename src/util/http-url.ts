/**
 * What is wrong with `text` as the URL of a service to send HTTP to, or undefined when nothing is:
 * one check for flags, config files and library options (`http://` alone parses in a regular
 * expression, then fails in `new URL`).
 */
export function httpUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `expected an absolute http(s) URL such as http://127.0.0.1:8080, got ${JSON.stringify(text)}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `expected an http:// or https:// URL, got ${JSON.stringify(text)}`;
  if (url.hostname === '') return `expected a URL with a host, got ${JSON.stringify(text)}`;
  return undefined;
}
