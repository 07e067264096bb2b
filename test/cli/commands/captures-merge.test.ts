import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runParity } from '../../helpers/cli.js';
import { recordThrough } from '../../helpers/recorders.js';

const KEY = Buffer.from('cli-merge-test-key-0123456789abcdef');

describe('parity captures merge', () => {
  let dir: string;
  let files: string[];
  let odd: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parity-cli-merge-'));
    files = await recordThrough(dir, ['web-1', 'web-2', 'web-3'], KEY, 12);
    [odd = ''] = await recordThrough(dir, ['web-4'], Buffer.from('a-different-key-0123456789abcdef'), 2);
    // Real recorders: generous on a loaded machine, about a second on an idle one.
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('merges three recorders’ captures; info then counts exchanges by origin', async () => {
    const out = join(dir, 'all.db');
    const merge = await runParity(['captures', 'merge', ...files, '--out', out]);
    expect(merge.stderr).toBe('');
    expect(merge.code).toBe(0);
    expect(merge.stdout).toMatch(new RegExp(`^merged 12 exchanges from 3 captures into ${out} in [\\d.]+ s\\n`));
    expect(merge.stdout).toContain(`4  origin:web-2  ${files[1]}`);

    const info = await runParity(['captures', 'info', out]);
    expect(info.code).toBe(0);
    expect(info.stdout).toContain('merge of 3 captures by parity');
    expect(info.stdout).toContain('exchanges  12 from');
    expect(info.stdout).toContain('origins    web-1 ×4 · web-2 ×4 · web-3 ×4\n');
    const json = JSON.parse((await runParity(['captures', 'info', out, '--json'])).stdout) as { origins: unknown };
    expect(json.origins).toEqual([{ name: 'web-1', count: 4 }, { name: 'web-2', count: 4 }, { name: 'web-3', count: 4 }]);
  });

  test('a single recorder’s capture shows no origins line', async () => {
    const info = await runParity(['captures', 'info', files[0]!]);
    expect(info.code).toBe(0);
    expect(info.stdout).not.toContain('origins');
  });

  test('--json prints the result alone', async () => {
    const { code, stdout } = await runParity(['captures', 'merge', files[0]!, files[2]!, '--out', join(dir, 'json.db'), '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ merged: 8, origins: [{ origin: 'web-1', exchanges: 4 }, { origin: 'web-3', exchanges: 4 }] });
  });

  test('a capture recorded under another key → exit 2 naming it, nothing created', async () => {
    const out = join(dir, 'refused.db');
    const { code, stdout, stderr } = await runParity(['captures', 'merge', ...files, odd, '--out', out]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^parity: cannot merge: ${odd} was recorded under another redaction key .*\\nhint: merge captures recorded with the same PARITY_REDACT_KEY`));
    expect(existsSync(out)).toBe(false);
  });

  test('an existing --out → exit 2, CAPTURE_EXISTS', async () => {
    const { code, stderr } = await runParity(['captures', 'merge', files[0]!, files[1]!, '--out', files[2]!]);
    expect(code).toBe(2);
    expect(stderr).toContain(`capture file already exists: ${files[2]}`);
  });

  test('a missing input → exit 2, capture file not found', async () => {
    const out = join(dir, 'missing.db');
    const { code, stderr } = await runParity(['captures', 'merge', files[0]!, join(dir, 'nope.db'), '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^parity: capture file not found: .*nope\.db\n/);
    expect(existsSync(out)).toBe(false);
  });

  test('no input is a usage error', async () => {
    const { code, stderr } = await runParity(['captures', 'merge', '--out', join(dir, 'x.db')]);
    expect(code).toBe(2);
    expect(stderr).toContain("missing required argument 'files'");
  });
});
