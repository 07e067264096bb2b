const BYTE_UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1_000, kib: 1_024, mb: 1_000_000, mib: 1_048_576, gb: 1e9, gib: 1_073_741_824 };

/** The sizes every `--max-body` and config size is written in. */
export const BYTE_SIZE_EXAMPLES = 'a size such as 1MiB, 512KiB or 65536';

/** `1MiB`, `512KiB`, `64kb`, `1000` (bytes) in bytes, rounded down; undefined when it is not a size. */
export function parseByteSize(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = BYTE_UNITS[(m?.[2] || 'b').toLowerCase()];
  const bytes = m && unit ? Math.floor(Number(m[1]) * unit) : NaN;
  return Number.isSafeInteger(bytes) && bytes >= 0 ? bytes : undefined;
}
