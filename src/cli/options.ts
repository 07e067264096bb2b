import { httpUrlProblem } from '../util/http-url.js';
import { InvalidArgumentError } from 'commander';
import { parseTimestamp } from '../util/timestamp.js';
import { BYTE_SIZE_EXAMPLES, parseByteSize } from '../util/byte-size.js';

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

/** Like parseDuration, and `0` for none. */
export function parseDurationOrZero(value: string): number {
  return /^0+(?:\.0+)?(?:ms|s|m|h)?$/.test(value.trim()) ? 0 : parseDuration(value);
}

/** `1MiB`, `512KiB`, `64kb`, `1000` (bytes): the one syntax of sizes, flags and config alike (util/byte-size.ts). */
export function parseBytes(value: string): number {
  const bytes = parseByteSize(value);
  if (bytes === undefined) throw new InvalidArgumentError(`expected ${BYTE_SIZE_EXAMPLES}.`);
  return bytes;
}

/** An absolute http(s) URL. */
export function parseHttpUrl(value: string): URL {
  const problem = httpUrlProblem(value);
  if (problem) throw new InvalidArgumentError(`${problem}.`);
  return new URL(value);
}

/** `host:port`, `:port` or `port` (host 127.0.0.1); `[::1]:port` for IPv6. */
export function parseListen(value: string): { readonly host: string; readonly port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value) ?? (/^\d+$/.test(value) ? [value, undefined, '', value] : null);
  const port = Number(m?.[3]);
  if (!m || !(port >= 0 && port <= 65_535)) throw new InvalidArgumentError('expected host:port such as 127.0.0.1:8081, or a port.');
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

/** A whole number (negative allowed), such as a random seed. */
export function parseInteger(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number such as 42.');
  return n;
}

/** A parser for a whole number from `min` to `max`. */
export function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    return n;
  };
}

/** A number above zero, such as a rate in requests per second (`0.5`, `200`). */
export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number above 0, such as 200 or 0.5.');
  return n;
}

/** An ISO 8601 date-time with an offset (`2026-03-28T06:00:00Z`, `...+01:00`), in epoch milliseconds. */
export function parseIsoTime(value: string): number {
  const ts = parseTimestamp(value);
  if (!ts) throw new InvalidArgumentError('expected an ISO 8601 date-time with an offset, such as 2026-03-28T06:00:00Z or 2026-03-28T07:00:00+01:00.');
  return ts.epochMs;
}

/** `i/n` with 1 ≤ i ≤ n: this run takes shard i of n. */
export function parseShard(value: string): { readonly index: number; readonly count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !(index >= 1 && count >= 1 && index <= count)) throw new InvalidArgumentError('expected i/n with 1 <= i <= n, such as 1/4.');
  return { index, count };
}

/** `Name: value`; `${VAR}` in the value is read from the environment (secrets never go on the command line). */
export function parseHeader(value: string, previous: [string, string][] = []): [string, string][] {
  const colon = value.indexOf(':');
  const name = colon > 0 ? value.slice(0, colon).trim() : '';
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new InvalidArgumentError("expected 'Name: value', such as 'Authorization: Bearer ${API_TOKEN}'.");
  const resolved = value.slice(colon + 1).trim().replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, variable: string) => {
    const found = process.env[variable];
    if (found === undefined) throw new InvalidArgumentError(`environment variable ${variable} is not set.`);
    return found;
  });
  return [...previous, [name, resolved]];
}

/** `path=/v1/*,method=POST,status=200` (each key optional, repeatable values joined with `|`). */
export function parseFilter(value: string): { include?: string[]; methods?: string[]; statuses?: number[] } {
  const filter: { include?: string[]; methods?: string[]; statuses?: number[] } = {};
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, raw = ''] = part.split('=', 2) as [string, string?];
    const values = raw.split('|').filter(Boolean);
    if (values.length === 0) throw new InvalidArgumentError(`'${part}' has no value; expected key=value.`);
    if (key === 'path') filter.include = values;
    else if (key === 'method') filter.methods = values.map((m) => m.toUpperCase());
    else if (key === 'status' && values.every((v) => /^\d{3}$/.test(v))) filter.statuses = values.map(Number);
    else throw new InvalidArgumentError(`cannot read '${part}'; expected path=GLOB, method=NAME or status=NNN, comma-separated.`);
  }
  return filter;
}

/** A count that may be 0 (a gate limit). */
export function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number of at least 0.');
  return n;
}

/** A percentage from 0 to 100 (`99.5`, `99.5%`). */
export function parsePercent(value: string): number {
  const n = Number(value.endsWith('%') ? value.slice(0, -1) : value);
  if (value.trim() === '' || !(n >= 0 && n <= 100)) throw new InvalidArgumentError('expected a percentage from 0 to 100, such as 99.5.');
  return n;
}
