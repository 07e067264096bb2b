import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParityError } from '../../src/core/errors.js';
import { resolveReplaySettings, type ReplaySettings } from '../../src/replay/replay-options.js';
import { replay } from '../../src/replay/runner.js';
import { suggestPartitionKeys } from '../../src/replay/suggest-key.js';
import type { ReportV1 } from '../../src/report/model.js';
import { textRenderer } from '../../src/render/text.js';
import { recordTransferCapture, startTransferScreeningApp, type TransferScreeningApp } from '../helpers/transfer-screening-app.js';

// One capture of a stateful service, recorded once: recording is the slow part.
let dir: string;
let capture: string;
let candidate: TransferScreeningApp;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parity-partition-'));
  capture = join(dir, 'transfers.db');
  await recordTransferCapture(capture, 300);
  candidate = await startTransferScreeningApp();
}, 60_000);

afterAll(async () => {
  await candidate?.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(values: ReplaySettings): Promise<ReportV1> {
  return replay({ capture, ...resolveReplaySettings([{ source: { kind: 'options' }, values: { candidate: candidate.url, reset: true, ...values } }]) });
}

/** What a report says of the services, not of the run: equal for equal behaviour. */
function verdict(report: ReportV1) {
  return { totals: report.totals, categories: report.categories, groups: report.groups.map((g) => ({ signature: g.signature, count: g.count, severity: g.severity })), decisions: report.decisions };
}

describe('ordering by a partition key a user cannot get wrong', () => {
  it('finds the debtor IBAN as the partition key of a transfer-screening capture', () => {
    const { sampled, keys } = suggestPartitionKeys(capture);
    expect(sampled).toBe(300);
    expect(keys[0]?.key).toBe('$.debtor.iban');
    expect(keys[0]).toMatchObject({ coverage: 1, distinct: 30 });
    const listed = keys.map((k) => k.key);
    // One value per request keeps no order; a fraction is an amount, not an entity.
    expect(listed).not.toContain('$.transfer_id');
    expect(listed).not.toContain('header:x-request-id');
    expect(listed).not.toContain('$.amount.value');
  });

  it('refuses the default key, absent from every request, before sending anything, and names the command that finds one', async () => {
    const error = await run({}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ParityError);
    expect((error as ParityError).code).toBe('PARTITION_KEY_SPARSE');
    expect((error as ParityError).message).toContain('$.account_id is in 0% of requests (0 of the first 300)');
    expect((error as ParityError).hint).toContain(`parity captures suggest-key ${capture}`);
    expect(candidate.screened()).toBe(0);
  });

  it('replays a key held by fewer requests than required only when the threshold says so, and never checks without key order', async () => {
    const report = await run({ minKeyCoverage: 0, concurrency: 1 });
    expect(report.run.partitionKeyCoverage).toEqual({ sampled: 300, withKey: 0, share: 0 });
    expect(report.settings).toMatchObject({ minKeyCoverage: 0 });
    const global = await run({ order: 'global' });
    expect(global.totals.mismatched).toBe(0);
    expect(global.run.partitionKeyCoverage).toBeUndefined();
  });

  it('replays by the suggested key against an identical service with no mismatch, and says how many requests held it', async () => {
    const report = await run({ partitionKey: '$.debtor.iban' });
    expect(report.totals).toMatchObject({ compared: 300, mismatched: 0 });
    expect(report.run.partitionKeyCoverage).toEqual({ sampled: 300, withKey: 300, share: 1 });
    expect(textRenderer.render(report, {})).toContain('ordered by   $.debtor.iban, held by 100% of requests (300 of the first 300)');
  });

  it('gives the same report at concurrency 1, 16 and 64', async () => {
    const reports: ReportV1[] = [];
    for (const concurrency of [1, 16, 64]) reports.push(await run({ partitionKey: '$.debtor.iban', concurrency }));
    const [one, ...others] = reports.map(verdict);
    expect(one?.totals.compared).toBe(300);
    for (const other of others) expect(other).toEqual(one);
  });
});
