import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * The lines of a UTF-8 text file split as readline splits them (at `\n`, `\r\n` or a lone `\r`;
 * bytes that are not UTF-8 read as U+FFFD), handed out a chunk of lines at a time: readline's
 * event and promise per line cost more than the splitting. Memory holds one chunk (1 MiB) and
 * the line that straddles it, whatever the file size.
 */
export async function* linesOf(path: string): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const lines: string[] = [];
    rest = split(rest + decoder.write(chunk as Buffer), lines, false);
    if (lines.length > 0) yield lines;
  }
  const lines: string[] = [];
  const last = split(rest + decoder.end(), lines, true);
  if (last !== '') lines.push(last);
  if (lines.length > 0) yield lines;
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** Pushes the complete lines of `text` and returns what follows the last break. */
function split(text: string, lines: string[], final: boolean): string {
  let start = 0;
  if (!text.includes('\r')) {
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      lines.push(text.slice(start, end));
      start = end + 1;
    }
    return text.slice(start);
  }
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(text); m !== null; m = LINE_BREAK.exec(text)) {
    // A `\r` ending the chunk may be the first half of a `\r\n` the next chunk completes.
    if (!final && m[0] === '\r' && m.index === text.length - 1) break;
    lines.push(text.slice(start, m.index));
    start = m.index + m[0].length;
  }
  return text.slice(start);
}
