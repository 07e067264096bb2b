/**
 * Writes captures/sample.db, the small capture committed with the repository so the README's
 * replay and report examples run on a fresh clone: 300 payments from the traffic generator
 * (fixed seed), recorded through the real recording proxy in front of the reference validator.
 *
 * Run `npm run sample-capture` (or `npx tsx scripts/make-sample-capture.ts`). Requests, statuses,
 * decisions and codes come out the same on every run; recorded times, latencies and the
 * validator's request_id and processed_at (noise to replay) do not.
 *
 * Redaction uses SAMPLE_KEY, a key published here on purpose: the cards are generated, nobody's,
 * so their surrogates hide nothing. Never record real traffic with it.
 */
import { mkdirSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateTraffic, localRecordOptions, Recording, startValidator, VERSION } from '../src/index.js';
import { removeCapture } from '../src/store/index.js';
import { sendTraffic } from '../src/traffic/send.js';

const SAMPLE = fileURLToPath(new URL('../captures/sample.db', import.meta.url));
const COUNT = 300;
const SEED = 20_261_123;
const SAMPLE_KEY = Buffer.from('parity-sample-capture-public-test-key');
const CREATED_BY = `parity ${VERSION} scripts/make-sample-capture.ts (seed ${SEED}; redacted under the public test key of that script: surrogates of generated cards)`;

// Recorded beside the sample, then renamed over it: a failed run leaves the committed one as it was.
const draft = `${SAMPLE}.draft-${process.pid}`;
mkdirSync(fileURLToPath(new URL('../captures/', import.meta.url)), { recursive: true });
const validator = await startValidator();
try {
  const recording = await Recording.start({ ...localRecordOptions(new URL(validator.url), draft, SAMPLE_KEY, CREATED_BY), batchIntervalMs: 20 });
  try {
    // One at a time: each account's payments arrive in generation order, as on every run.
    await sendTraffic(generateTraffic({ count: COUNT, seed: SEED }), { target: new URL(recording.url), concurrency: 1 });
  } finally {
    const summary = await recording.stop('limit');
    if (summary.capture.written !== COUNT) throw new Error(`recorded ${summary.capture.written} of ${COUNT} exchanges`);
  }
  renameSync(draft, SAMPLE);
  process.stdout.write(`wrote ${SAMPLE}: ${COUNT} exchanges (seed ${SEED})\n`);
} catch (error) {
  removeCapture(draft);
  throw error;
} finally {
  await validator.close();
}
