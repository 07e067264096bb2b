import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ParityError } from '../../../src/core/errors.js';
import { defaultSeed, loadSeed } from '../../../src/validator/seed/load-seed.js';
import { parseSeed, SeedProblems } from '../../../src/validator/seed/parse-seed.js';
import { tmpDir } from '../../helpers/tmp.js';

const ACCOUNT = { id: 'ACC-1', status: 'active', country: 'DE', balances: { EUR: 1000, USD: 0 }, typical_amounts: { EUR: 50 } };
const MERCHANT = { id: 'MRC-1', name: 'Shop', status: 'active', category_code: '5999', country: 'DE' };

/** The problems `parseSeed` throws for `doc`. */
function problemsOf(doc: unknown): readonly string[] {
  try {
    parseSeed(doc);
  } catch (error) {
    if (error instanceof SeedProblems) return error.problems;
    throw error;
  }
  throw new Error('expected the seed to be refused');
}

async function loadError(path: string): Promise<ParityError> {
  const error: unknown = await loadSeed(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ParityError)) throw new Error(`expected a ParityError, got ${String(error)}`);
  return error;
}

describe('defaultSeed', () => {
  test('parses the bundled seed: at least 200 accounts and 30 merchants, ids unique', () => {
    const seed = defaultSeed();
    expect(seed.accounts.length).toBeGreaterThanOrEqual(200);
    expect(seed.merchants.length).toBeGreaterThanOrEqual(30);
    expect(new Set(seed.accounts.map((a) => a.id)).size).toBe(seed.accounts.length);
    expect(new Set(seed.merchants.map((m) => m.id.toLowerCase())).size).toBe(seed.merchants.length);
  });

  test('has blocked accounts and suspended merchants to exercise those rules', () => {
    const seed = defaultSeed();
    expect(seed.accounts.some((a) => a.status === 'blocked')).toBe(true);
    expect(seed.merchants.some((m) => m.status === 'suspended')).toBe(true);
  });
});

describe('parseSeed', () => {
  test('turns snake_case JSON into a Seed (zero balances allowed), defaulting merchant restrictions and caps', () => {
    expect(parseSeed({ accounts: [ACCOUNT], merchants: [MERCHANT] })).toEqual({
      accounts: [{ id: 'ACC-1', status: 'active', country: 'DE', balances: { EUR: 1000, USD: 0 }, typicalAmounts: { EUR: 50 } }],
      merchants: [{ id: 'MRC-1', name: 'Shop', status: 'active', categoryCode: '5999', country: 'DE', blockedCategories: [], caps: {} }],
    });
  });

  test('refuses a document that is not an object', () => {
    expect(problemsOf([])).toEqual(['$: expected an object, got []', 'accounts: expected an array, got nothing', 'merchants: expected an array, got nothing']);
  });

  test('names the path of a wrong type', () => {
    expect(problemsOf({ accounts: [{ ...ACCOUNT, balances: 'lots' }], merchants: {} })).toEqual([
      'accounts[0].balances: expected an object, got "lots"',
      'merchants: expected an array, got {}',
    ]);
    expect(problemsOf({ accounts: [ACCOUNT, 7], merchants: [{ ...MERCHANT, id: '' }] })).toEqual([
      'accounts[1]: expected an object, got 7',
      'merchants[0].id: expected a non-empty string, got ""',
    ]);
  });

  test('refuses an unknown currency and a negative amount', () => {
    expect(problemsOf({ accounts: [{ ...ACCOUNT, balances: { XYZ: 1, EUR: -1 } }], merchants: [{ ...MERCHANT, caps: { eur: 5 } }] })).toEqual([
      'accounts[0].balances.XYZ: unsupported currency',
      'accounts[0].balances.EUR: expected a number >= 0, got -1',
      'merchants[0].caps.eur: unsupported currency',
    ]);
  });

  test('refuses a bad status', () => {
    expect(problemsOf({ accounts: [{ ...ACCOUNT, status: 'closed' }], merchants: [{ ...MERCHANT, status: 'blocked' }] })).toEqual([
      'accounts[0].status: expected one of active, blocked, got "closed"',
      'merchants[0].status: expected one of active, suspended, got "blocked"',
    ]);
  });

  test('refuses duplicate ids (merchant ids ignoring case)', () => {
    const doc = { accounts: [ACCOUNT, { ...ACCOUNT }], merchants: [MERCHANT, { ...MERCHANT, id: 'mrc-1' }] };
    expect(problemsOf(doc)).toEqual(['accounts[1].id: duplicate id "ACC-1"', 'merchants[1].id: duplicate id "mrc-1"']);
  });

  test('account ids differing only in case are distinct', () => {
    expect(parseSeed({ accounts: [ACCOUNT, { ...ACCOUNT, id: 'acc-1' }], merchants: [] }).accounts).toHaveLength(2);
  });
});

describe('loadSeed', () => {
  test('reads a valid seed file', async () => {
    const path = join(tmpDir(), 'seed.json');
    await writeFile(path, JSON.stringify({ accounts: [ACCOUNT], merchants: [MERCHANT] }));
    expect((await loadSeed(path)).accounts.map((a) => a.id)).toEqual(['ACC-1']);
  });

  test('a missing file is STATE_NOT_FOUND', async () => {
    const path = join(tmpDir(), 'absent.json');
    const error = await loadError(path);
    expect(error.code).toBe('STATE_NOT_FOUND');
    expect(error.message).toBe(`state file not found: ${path}`);
  });

  test('a path that cannot be read as a file is STATE_INVALID', async () => {
    const dir = tmpDir();
    const error = await loadError(dir);
    expect(error.code).toBe('STATE_INVALID');
    expect(error.message).toBe(`cannot read state file ${dir}: EISDIR`);
  });

  test('invalid JSON is STATE_INVALID', async () => {
    const path = join(tmpDir(), 'seed.json');
    await writeFile(path, '{"accounts": [');
    const error = await loadError(path);
    expect(error.code).toBe('STATE_INVALID');
    expect(error.message).toMatch(/: not valid JSON: /);
  });

  test('invalid content is STATE_INVALID, showing the first three problems with their paths', async () => {
    const path = join(tmpDir(), 'seed.json');
    const bad = { ...ACCOUNT, status: 'x' };
    await writeFile(path, JSON.stringify({ accounts: [bad, { ...bad, id: 'ACC-2' }, { ...bad, id: 'ACC-3' }, { ...bad, id: 'ACC-4' }], merchants: [] }));
    const error = await loadError(path);
    expect(error.code).toBe('STATE_INVALID');
    expect(error.message).toBe(
      `${path}: accounts[0].status: expected one of active, blocked, got "x"; accounts[1].status: expected one of active, blocked, got "x"; ` +
        'accounts[2].status: expected one of active, blocked, got "x" (and 1 more)',
    );
    expect(error.cause).toBeInstanceOf(SeedProblems);
  });
});
