import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { decodeBody } from './body-encoding.js';

export interface EntryContext {
  readonly exact: boolean;
  /** Where Playwright's `_file` attachments live (next to the HAR). */
  readonly dir: string;
}

/** The bytes of `text` (+ `encoding`) or of a Playwright `_file` attachment; undefined when neither is there. */
export async function contentBytes(content: Record<string, unknown>, context: EntryContext, name: string): Promise<Buffer | string | undefined> {
  const { text, encoding, _file: file } = content;
  if (typeof text === 'string') {
    if (encoding !== undefined && encoding !== 'base64' && encoding !== '') return `${name}.encoding: expected "base64" or none`;
    const bytes = decodeBody(text, encoding === 'base64' ? 'base64' : 'utf8');
    return typeof bytes === 'string' ? `${name}.text: ${bytes}` : bytes;
  }
  if (typeof file === 'string') {
    // Only a plain file name next to the HAR: a crafted path must not pull other files into a capture.
    if (basename(file) !== file || file === '..' || file === '.') return `${name}._file: expected a file name next to the HAR`;
    try {
      return await readFile(join(context.dir, file));
    } catch {
      return `${name}._file: attachment not found next to the HAR`;
    }
  }
  return undefined;
}
