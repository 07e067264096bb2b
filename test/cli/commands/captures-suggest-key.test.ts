import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runParity } from '../../helpers/cli.js';
import { tmpDir } from '../../helpers/tmp.js';
import { recordTransferCapture, startTransferScreeningApp } from '../../helpers/transfer-screening-app.js';

describe('parity captures suggest-key, and the replay that uses it', () => {
  test('names the debtor IBAN, the default key is refused with exit 2 and a hint to the command, and the suggested key replays clean', async () => {
    const dir = tmpDir();
    const capture = join(dir, 'transfers.db');
    await recordTransferCapture(capture, 200);

    const suggested = await runParity(['captures', 'suggest-key', capture]);
    expect(suggested.code).toBe(0);
    expect(suggested.stdout).toMatch(/^ +1 {2}\$\.debtor\.iban +100% +\d+ /m);
    expect(suggested.stdout).toContain(`--partition-key '$.debtor.iban'`);
    // The holder's name names the same debtor: it is shown as such, not offered as another key.
    expect(suggested.stdout).toMatch(/^ +\d+ {2}\$\.debtor\.name .* same as \$\.debtor\.iban$/m);
    expect(suggested.stdout).toContain('score: 3 an entity');

    const json = JSON.parse((await runParity(['captures', 'suggest-key', capture, '--json', '--sample', '50'])).stdout) as { sampled: number; keys: { key: string }[] };
    expect(json.sampled).toBe(50);

    const candidate = await startTransferScreeningApp();
    try {
      const refused = await runParity(['replay', capture, '--candidate', candidate.url, '--out', join(dir, 'refused')]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('$.account_id is in 0% of requests');
      expect(refused.stderr).toContain('parity captures suggest-key');
      expect(candidate.screened()).toBe(0);

      const replayed = await runParity(['replay', capture, '--candidate', candidate.url, '--partition-key', '$.debtor.iban', '--concurrency', '64', '--out', join(dir, 'report')]);
      expect(replayed.stderr).toBe('');
      expect(replayed.code).toBe(0);
      expect(replayed.stdout).toContain('PARITY: 100% of 200 exchanges match (0 differ)');
      expect(replayed.stdout).toContain('ordered by   $.debtor.iban, held by 100% of requests (200 of the first 200)');

      const badShare = await runParity(['replay', capture, '--candidate', candidate.url, '--min-key-coverage', '120%', '--out', join(dir, 'x')]);
      expect(badShare.code).toBe(2);
      expect(badShare.stderr).toContain('expected a share from 0 to 1');
    } finally {
      await candidate.close();
    }
  }, 60_000);
});
