import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { ParityError } from '../../src/core/errors.js';
import { tmpDir } from '../helpers/tmp.js';
import { NORMALISERS } from '../../src/compare/normalise/registry.js';

const write = (content: unknown) => {
  const file = join(tmpDir(), 'parity.config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};
const failure = (file: string) => loadConfig(file).then(() => { throw new Error('expected a failure'); }, (e: ParityError) => e);

describe('loadConfig', () => {
  test('a complete config loads as written', async () => {
    const config = {
      replay: { candidate: 'http://127.0.0.1:8090', legacy: 'recorded', order: 'key', partitionKey: '$.account_id', concurrency: 16, timeoutMs: 2000, resetPath: '/admin/reset' },
      compare: {
        decision: '$.decision',
        errorCodes: { paths: ['$.errors[*].code'], ordered: false, primary: '$.reason_code', crosswalk: { '05': 'DO_NOT_HONOR' } },
        ignore: { headers: ['date'], body: ['$.request_id'] },
        normalise: [{ type: 'round-numbers', path: '$.fee', digits: 2 }, { type: 'unordered', path: '$.tags' }],
        noiseThreshold: 0.1,
      },
      gate: { maxDecisionMismatches: 0, maxErrorCodeMismatches: 2, minParity: 99.5, maxP99Ratio: 1.2, maxTransport: 0, maxCritical: 0, allow: 'parity.allow.json' },
    };
    const file = write(config);
    const loaded = await loadConfig(file);
    expect(loaded.doc).toEqual(config);
    expect(loaded.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
  });

  test.each([
    [{ replay: { concurrency: 0 } }, 'replay.concurrency: expected a number from 1 to 1024, got 0'],
    [{ replay: { order: 'random' } }, 'replay.order: expected one of "key", "global", "none", got "random"'],
    [{ compare: { errorCodes: { paths: ['$.errors[*].code', 42] } } }, 'compare.errorCodes.paths[1]: expected a string, got 42'],
    [{ compare: { decision: 'decision' } }, 'compare.decision: JSON path must start with $'],
    [{ compare: { normalise: [{ type: 'sort', path: '$.x' }] } }, `compare.normalise[0].type: expected one of ${Object.keys(NORMALISERS).join(', ')}, got "sort"`],
    [{ compare: { ignore: { bodies: [] } } }, 'compare.ignore.bodies: unknown key'],
    [{ replay: { candidate: 'localhost:8090' } }, 'replay.candidate: expected an http:// or https:// URL, got "localhost:8090"'],
    [{ gate: { minParity: 101 } }, 'gate.minParity: expected a number from 0 to 100, got 101'],
    [{ gate: { maxP99Ratio: 0 } }, 'gate.maxP99Ratio: expected a number from 0.001'],
    [[], 'expected an object'],
  ])('%j → CONFIG_INVALID naming the field', async (content, message) => {
    const error = await failure(write(content));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(message);
  });

  test('every problem is listed at once', async () => {
    const error = await failure(write({ replay: { concurrency: -1, order: 'x' } }));
    expect(error.message).toContain('replay.concurrency');
    expect(error.message).toContain('replay.order');
  });

  test('not JSON, and a missing file', async () => {
    expect((await failure(write('{ nope'))).message).toContain('not valid JSON');
    expect((await failure(join(tmpDir(), 'missing.json'))).code).toBe('CONFIG_NOT_FOUND');
  });
});
