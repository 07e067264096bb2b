import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { constants, createGunzip } from 'node:zlib';

/** GoReplay writes each payload followed by this line. */
export const GOR_SEPARATOR = Buffer.from('\n🐵🙈🙉\n');

export interface GorPayload {
  /** 1-based position in the file. */
  readonly index: number;
  /** Byte offset of its first byte in the file. */
  readonly offset: number;
  readonly bytes: Buffer;
}

/** The stream stopped being readable (a corrupt `.gor.gz`): what came before it was given. */
export interface GorReadProblem {
  readonly problem: string;
  /** Where in the (uncompressed) stream reading stopped. */
  readonly offset: number;
}

/** A gzip stream starts with these two bytes (RFC 1952), whatever the file is called. */
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

async function isGzip(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await file.read(head, 0, 2, 0);
    return bytesRead === 2 && head.equals(GZIP_MAGIC);
  } finally {
    await file.close();
  }
}

/** The file's bytes, gunzipped as they stream when it is gzip (`.gor.gz`, GoReplay's `--output-file-compress`…). */
async function byteStream(path: string): Promise<AsyncIterable<Buffer>> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  if (!(await isGzip(path))) return file;
  // A sync flush at the end gives what a file cut short holds instead of an error.
  const gunzip = createGunzip({ finishFlush: constants.Z_SYNC_FLUSH, chunkSize: 1 << 16 });
  // pipeline passes a read error on to gunzip (whose reader then throws) and closes the file either way.
  return pipeline(file, gunzip, () => {});
}

/**
 * Streams the payloads of a `.gor` file (or a gzip'd one): memory holds the current payload and
 * one read chunk. A final payload without its separator (a file cut short) is still given.
 */
export async function* gorPayloads(path: string): AsyncIterable<GorPayload | GorReadProblem> {
  // Unread bytes live in `buffer[0, length)`; it grows by doubling, so a payload spanning many
  // read chunks costs linear time, not one copy of everything so far per chunk.
  let buffer = Buffer.alloc(1 << 20);
  let length = 0;
  let fileOffset = 0;
  let searchFrom = 0;
  let index = 0;
  let problem: GorReadProblem | undefined;
  const chunks = (await byteStream(path))[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (error) {
        if (!isZlibError(error)) throw error;
        problem = { problem: `gzip: ${(error as Error).message}`, offset: fileOffset + length };
        break;
      }
      if (next.done) break;
      const chunk = next.value;
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
  } finally {
    // The consumer may stop early: the file (and gunzip) must not stay open.
    await chunks.return?.();
  }
  const rest = buffer.subarray(0, length);
  if (rest.some((b) => b !== 0x0a && b !== 0x0d && b !== 0x20)) yield { index: ++index, offset: fileOffset, bytes: Buffer.from(rest) };
  if (problem) yield problem;
}

function isZlibError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
