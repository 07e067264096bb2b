/**
 * The express 4 → 5 migration, end to end on this machine: one bookshop app run on both majors,
 * seeded traffic recorded through the real recorder in front of express 4, then replayed
 * (identical builds, then express 4 against express 5), and what Parity prints of it.
 *
 *   npx tsx scripts/express-migration.ts [--markdown]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express5 from 'express';
import express4 from 'express4';
import { localRecordOptions, Recording } from '../src/record/recorder.js';
import { markdownRenderer } from '../src/render/markdown.js';
import { textRenderer, topGroupLines } from '../src/render/text.js';
import { suggestPartitionKeys } from '../src/replay/suggest-key.js';
import type { ReportV1 } from '../src/report/model.js';
import { createBookshopApp, type ExpressMajor } from '../test/helpers/bookshop-app.js';
import { listenOn } from '../test/helpers/listen.js';
import { BOOKSHOP_REPLAY, bookshopTraffic, replayBookshop, sendTraffic, TRAFFIC_DEFAULTS } from '../test/helpers/bookshop-traffic.js';

const servers: { close: () => Promise<void> }[] = [];

async function fresh(express: ExpressMajor): Promise<URL> {
  const server = await listenOn(createBookshopApp(express));
  servers.push(server);
  return new URL(server.url);
}

async function record(out: string): Promise<number> {
  const legacy = await fresh(express4);
  const recording = await Recording.start(localRecordOptions(legacy, out, randomBytes(32), 'express-migration script'));
  const calls = bookshopTraffic();
  try {
    await sendTraffic(recording.url, calls);
  } finally {
    await recording.stop('signal');
  }
  return calls.length;
}

function run(capture: string, partitionKey: string, legacy: ExpressMajor | 'recorded', candidate: ExpressMajor): Promise<ReportV1> {
  return replayBookshop({ capture, partitionKey, legacy, candidate, fresh });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parity-express-migration-'));
  try {
    const capture = join(dir, 'bookshop.db');
    const sent = await record(capture);
    const [best] = suggestPartitionKeys(capture).keys;
    if (!best) throw new Error('suggest-key proposed no partition key for the bookshop traffic');
    console.log(`recorded ${sent} requests of ${TRAFFIC_DEFAULTS.users} readers through the recorder in front of express 4; suggest-key proposes ${best.key} (${best.distinct} values)\n`);

    const identicalLive = await run(capture, best.key, express4, express4);
    const identicalRecorded = await run(capture, best.key, 'recorded', express4);
    console.log(`identical builds (express 4 on both sides, concurrency ${BOOKSHOP_REPLAY.concurrency}, a third express 4 as secondary):`);
    console.log(`  live legacy     ${identicalLive.totals.mismatched} mismatches of ${identicalLive.totals.compared}`);
    console.log(`  recorded legacy ${identicalRecorded.totals.mismatched} mismatches of ${identicalRecorded.totals.compared}`);
    console.log('  noise recognised (live legacy against the secondary):');
    for (const n of identicalLive.noise) console.log(`    ${n.endpoint} ${n.path}: ${n.exchanges} of ${n.sampled}${n.excluded ? ', excluded' : ''}`);
    console.log();

    const migration = await run(capture, best.key, express4, express5);
    console.log('express 4 (legacy) → express 5 (candidate):\n');
    console.log(textRenderer.render(migration, {}));
    console.log('every group, as the summary shows its top ones:');
    console.log(topGroupLines(migration.groups, migration.groups.length).join('\n'));
    if (process.argv.includes('--markdown')) console.log(`\n${markdownRenderer.render(migration, {})}`);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
