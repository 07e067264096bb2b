/** The string at `body[key]` when `body` is a JSON object holding one; undefined otherwise. */
export function topLevelString(body: Uint8Array, key: string): string | undefined {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value = (JSON.parse(text) as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
