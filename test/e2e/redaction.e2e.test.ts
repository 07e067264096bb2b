import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { openCaptureReader } from '../../src/store/index.js';
import { generateTraffic } from '../../src/traffic/generate.js';
import { sendTraffic } from '../../src/traffic/send.js';
import { createValidator } from '../../src/validator/index.js';
import { startRecording } from '../helpers/recording.js';
import { startValidator } from '../helpers/validator-server.js';

const COUNT = 1_500;

interface Answer {
  decision?: string;
  reason_code?: string | null;
  errors?: { code: string }[];
}

function cardsAndCvvs(body: string): { card?: string; cvv?: string; id?: string } {
  try {
    const parsed = JSON.parse(body) as { transaction_id?: unknown; card?: { number?: unknown; cvv?: unknown } };
    const card = typeof parsed.card?.number === 'string' ? parsed.card.number : undefined;
    const cvv = typeof parsed.card?.cvv === 'string' ? parsed.card.cvv : undefined;
    const id = typeof parsed.transaction_id === 'string' ? parsed.transaction_id : undefined;
    return { ...(card ? { card } : {}), ...(cvv ? { cvv } : {}), ...(id ? { id } : {}) };
  } catch {
    return {};
  }
}

const verdict = (a: Answer) => JSON.stringify([a.decision, a.reason_code ?? null, (a.errors ?? []).map((e) => e.code)]);

test('a generated run recorded through the proxy: no original card number on disk, CVVs replaced, and the redacted requests get the same decisions', async () => {
  const requests = [...generateTraffic({ count: COUNT, seed: 42 })];
  const originals = requests.map((r) => cardsAndCvvs(r.body));
  const originalCvvs = new Map<string, Set<string>>();
  for (const o of originals) if (o.id && o.cvv) originalCvvs.set(o.id, (originalCvvs.get(o.id) ?? new Set()).add(o.cvv));
  const cards = new Set(originals.flatMap((o) => (o.card ? [o.card, o.card.replace(/\D/g, '')] : [])));
  expect(cards.size).toBeGreaterThan(100);

  const legacy = await startValidator();
  const { recording, out } = await startRecording(legacy.url);
  const sent = await sendTraffic(requests, { target: new URL(recording.url), concurrency: 8 });
  expect(sent.sent).toBe(COUNT);
  await new Promise((r) => setTimeout(r, 200));

  // The raw bytes of the database and its write-ahead log while the recorder still has it open.
  const raw = Buffer.concat([readFileSync(out), readFileSync(`${out}-wal`)]).toString('latin1');
  const leaked = [...cards].filter((c) => raw.includes(c));
  expect(leaked).toEqual([]);
  await recording.stop('signal');
  const closed = readFileSync(out).toString('latin1');
  expect([...cards].filter((c) => closed.includes(c))).toEqual([]);

  // Replay the redacted requests, in recorded order, against a fresh reference validator.
  const reader = openCaptureReader(out);
  const replayed = createValidator();
  let compared = 0;
  let sameCvv = 0;
  let withCvv = 0;
  for (const exchange of reader.exchanges()) {
    if (exchange.response.kind !== 'answer' || exchange.response.status !== 200) continue;
    const body = Buffer.from(exchange.requestBody).toString('utf8');
    const recordedAnswer = JSON.parse(Buffer.from(exchange.response.body).toString('utf8')) as Answer;
    const reply = replayed.validate(JSON.parse(body));
    expect(reply.status).toBe(200);
    expect(verdict(reply.body as unknown as Answer)).toBe(verdict(recordedAnswer));
    const stored = cardsAndCvvs(body);
    if (stored.cvv && stored.id) {
      withCvv++;
      if (originalCvvs.get(stored.id)?.has(stored.cvv)) sameCvv++;
    }
    compared++;
  }
  reader.close();
  expect(compared).toBeGreaterThan(COUNT * 0.9);
  expect(withCvv).toBeGreaterThan(100);
  // A replacement equals its own original by chance only (about 1 in 1,000), never systematically.
  expect(sameCvv / withCvv).toBeLessThan(0.02);
});
