import { InvalidArgumentError } from 'commander';

/** Commander parsers: a bad value becomes commander's standard "argument is invalid" error (exit 2). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new InvalidArgumentError('expected a port number from 0 to 65535 (0 picks a free port).');
  return port;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return n;
}

/** A share such as `0.1` or `10%`, in (0, 1]. */
export function parseShare(value: string): number {
  const n = value.endsWith('%') ? Number(value.slice(0, -1)) / 100 : Number(value);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError('expected a share from 0 (exclusive) to 1, such as 0.1 or 10%.');
  return n;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** `500ms`, `30s`, `10m`, `1h` (a bare number is seconds), in milliseconds. */
export function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  const ms = m ? Number(m[1]) * (DURATION_UNITS[m[2] ?? 's'] ?? 1) : NaN;
  if (!(ms > 0)) throw new InvalidArgumentError('expected a duration such as 500ms, 30s, 10m or 1h.');
  return Math.round(ms);
}

const BYTE_UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1_000, kib: 1_024, mb: 1_000_000, mib: 1_048_576, gb: 1e9, gib: 1_073_741_824 };

/** `1MiB`, `512KiB`, `64kb`, `1000` (bytes). */
export function parseBytes(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = BYTE_UNITS[(m?.[2] || 'b').toLowerCase()];
  const bytes = m && unit ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!(bytes >= 0)) throw new InvalidArgumentError('expected a size such as 1MiB, 512KiB or 65536.');
  return bytes;
}

/** An absolute http(s) URL. */
export function parseHttpUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected an absolute URL such as http://127.0.0.1:8080.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('expected an http:// or https:// URL.');
  return url;
}

/** `host:port`, `:port` or `port` (host 127.0.0.1); `[::1]:port` for IPv6. */
export function parseListen(value: string): { readonly host: string; readonly port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value) ?? (/^\d+$/.test(value) ? [value, undefined, '', value] : null);
  const port = Number(m?.[3]);
  if (!m || !(port >= 0 && port <= 65_535)) throw new InvalidArgumentError('expected host:port such as 127.0.0.1:8081, or a port.');
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}
