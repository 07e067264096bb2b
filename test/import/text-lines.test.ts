import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { describe, expect, test } from 'vitest';
import { linesOf } from '../../src/import/text-lines.js';
import { fileWith } from '../helpers/import.js';

const CHUNK = 1 << 20;

async function ours(path: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const chunk of linesOf(path)) lines.push(...chunk);
  return lines;
}

/** What the JSONL importer read lines with before: its splitting is the behaviour kept. */
async function readline(path: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) lines.push(line);
  return lines;
}

describe('linesOf splits a file as readline does', () => {
  test.each([
    ['LF, with a final newline', 'a\nb\n'],
    ['no final newline', 'a\nb'],
    ['CRLF', 'a\r\nb\r\n'],
    ['a lone CR is a line break', 'a\rb\r\nc'],
    ['a CR ending the file', 'a\r'],
    ['blank lines are kept as empty lines', '\n\na\n\n\nb'],
    ['an empty file', ''],
    ['a BOM is left for the importer to strip', '\uFEFF{"a":1}\n'],
  ])('%s', async (_name, content) => {
    const path = fileWith(content);
    expect(await ours(path)).toEqual(await readline(path));
  });

  test('a CRLF split between two chunks is one line break, not two', async () => {
    const first = 'x'.repeat(CHUNK - 1);
    const path = fileWith(`${first}\r\nnext\r\nlast`);
    const lines = await ours(path);
    expect(lines).toEqual(await readline(path));
    expect(lines.map((l) => l.length)).toEqual([CHUNK - 1, 4, 4]);
  });

  test('a UTF-8 character split between two chunks, and invalid bytes, read as readline reads them', async () => {
    const euro = Buffer.from('€');
    const bytes = Buffer.concat([Buffer.from('y'.repeat(CHUNK - 1)), euro, Buffer.from('\n'), Buffer.from([0x61, 0xff, 0x62, 0x0a])]);
    const path = fileWith(bytes);
    const lines = await ours(path);
    expect(lines).toEqual(await readline(path));
    expect(lines[0]?.endsWith('y€')).toBe(true);
    expect(lines[1]).toBe('a\uFFFDb');
  });
});
