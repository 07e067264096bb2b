import { createReadStream } from 'node:fs';

/** GoReplay writes each payload followed by this line. */
export const GOR_SEPARATOR = Buffer.from('\n🐵🙈🙉\n');

export interface GorPayload {
  /** 1-based position in the file. */
  readonly index: number;
  /** Byte offset of its first byte in the file. */
  readonly offset: number;
  readonly bytes: Buffer;
}

/**
 * Streams the payloads of a `.gor` file: memory holds the current payload and one read chunk.
 * A final payload without its separator (a file cut short) is still given.
 */
export async function* gorPayloads(path: string): AsyncIterable<GorPayload> {
  // Unread bytes live in `buffer[0, length)`; it grows by doubling, so a payload spanning many
  // read chunks costs linear time, not one copy of everything so far per chunk.
  let buffer = Buffer.alloc(1 << 20);
  let length = 0;
  let fileOffset = 0;
  let searchFrom = 0;
  let index = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (length + chunk.length > buffer.length) {
      const bigger = Buffer.alloc(Math.max(buffer.length * 2, length + chunk.length));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    chunk.copy(buffer, length);
    length += chunk.length;
    const view = buffer.subarray(0, length);
    let start = 0;
    for (let at = view.indexOf(GOR_SEPARATOR, searchFrom); at >= 0; at = view.indexOf(GOR_SEPARATOR, start)) {
      // A copy, so a payload kept for pairing does not pin the read buffer.
      if (at > start) yield { index: ++index, offset: fileOffset + start, bytes: Buffer.from(view.subarray(start, at)) };
      start = at + GOR_SEPARATOR.length;
    }
    if (start > 0) {
      buffer.copy(buffer, 0, start, length);
      length -= start;
      fileOffset += start;
    }
    searchFrom = Math.max(0, length - GOR_SEPARATOR.length + 1);
  }
  const rest = buffer.subarray(0, length);
  if (rest.some((b) => b !== 0x0a && b !== 0x0d && b !== 0x20)) yield { index: ++index, offset: fileOffset, bytes: Buffer.from(rest) };
}
