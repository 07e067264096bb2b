import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ParityError } from '../../src/core/errors.js';
import { loadRedaction } from '../../src/redact/load-redaction.js';
import { redactionKey } from '../../src/redact/redaction-key.js';
import { tmpDir } from '../helpers/tmp.js';

describe('redactionKey', () => {
  test('comes from PARITY_REDACT_KEY', () => {
    expect(redactionKey({ PARITY_REDACT_KEY: 'k'.repeat(32) })).toEqual({ key: Buffer.from('k'.repeat(32)), ephemeral: false });
  });

  test('without one, a random key for this run only', () => {
    const a = redactionKey({});
    const b = redactionKey({});
    expect(a.ephemeral).toBe(true);
    expect(a.key).toHaveLength(32);
    expect(a.key.equals(b.key)).toBe(false);
  });

  test('a short key is refused', () => {
    expect(() => redactionKey({ PARITY_REDACT_KEY: 'short' })).toThrow(expect.objectContaining({ code: 'REDACT_KEY_WEAK' }));
  });
});

describe('loadRedaction', () => {
  const write = (content: string) => {
    const file = join(tmpDir(), 'redact.json');
    writeFileSync(file, content);
    return file;
  };

  test('reads every key', async () => {
    const file = write(JSON.stringify({ headers: ['X-Session'], card_paths: ['$.pan'], drop_paths: ['$.email'], mask_paths: ['$.name'] }));
    expect(await loadRedaction(file)).toEqual({ headers: ['X-Session'], cardPaths: ['$.pan'], dropPaths: ['$.email'], maskPaths: ['$.name'] });
  });

  test.each([
    ['not JSON', '{', /not valid JSON/],
    ['an array', '[]', /expected a JSON object/],
    ['an unknown key', '{"header":["x"]}', /unknown key "header"/],
    ['a wrong type', '{"headers":"x"}', /headers: expected an array of non-empty strings/],
    ['a bad path', '{"drop_paths":["email"]}', /drop_paths\[0\]: JSON path must start with \$/],
  ])('%s → REDACT_CONFIG_INVALID naming the field', async (_name, content, message) => {
    const error = (await loadRedaction(write(content)).catch((e: unknown) => e)) as ParityError;
    expect(error.code).toBe('REDACT_CONFIG_INVALID');
    expect(error.message).toMatch(message);
  });

  test('a missing file', async () => {
    const error = (await loadRedaction(join(tmpDir(), 'none.json')).catch((e: unknown) => e)) as ParityError;
    expect(error.code).toBe('REDACT_CONFIG_INVALID');
    expect(error.message).toContain('no such file');
  });
});
