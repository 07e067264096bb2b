import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { localRecordOptions, Recording } from '../../src/record/recorder.js';
import { TEST_KEY } from './recording.js';

/**
 * A stateful transfer-screening API, as a payments team writes one: each debtor IBAN's running
 * total decides the outcome, so a transfer screened before its predecessors of the same IBAN gets
 * another answer. Order per IBAN matters; order across IBANs does not.
 */
export interface TransferScreeningApp {
  readonly url: string;
  /** Transfers screened since start or the last reset. */
  screened(): number;
  close(): Promise<void>;
}

export const HOLD_ABOVE = 10_000;
export const BLOCK_ABOVE = 20_000;

interface TransferRequest {
  readonly transfer_id: string;
  readonly debtor: { readonly iban: string; readonly name: string };
  readonly creditor: { readonly iban: string; readonly name: string };
  readonly amount: { readonly value: string; readonly currency: string };
}

export async function startTransferScreeningApp(): Promise<TransferScreeningApp> {
  const totals = new Map<string, number>();
  let screened = 0;
  const app = express();
  app.use(express.json());
  app.post('/admin/reset', (_req, res) => {
    totals.clear();
    screened = 0;
    res.status(204).end();
  });
  app.post('/v1/transfers/screen', (req, res) => {
    const t = req.body as Partial<TransferRequest>;
    const value = Number(t.amount?.value);
    if (typeof t.debtor?.iban !== 'string' || !Number.isFinite(value) || value <= 0) {
      res.status(400).json({ error: { code: 'INVALID_TRANSFER', message: 'debtor.iban and a positive amount.value are required' } });
      return;
    }
    screened++;
    const runningTotal = Math.round(((totals.get(t.debtor.iban) ?? 0) + value) * 100) / 100;
    totals.set(t.debtor.iban, runningTotal);
    const outcome = runningTotal > BLOCK_ABOVE ? 'BLOCK' : runningTotal > HOLD_ABOVE ? 'HOLD' : 'ALLOW';
    res.json({ transfer_id: t.transfer_id, screening: { outcome, running_total: runningTotal.toFixed(2), rules: outcome === 'ALLOW' ? [] : [`velocity-${outcome.toLowerCase()}`] } });
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    screened: () => screened,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `count` transfers from `debtors` debtor IBANs to a wider set of creditors, the same every run (a seeded generator). */
export function transferRequests(count: number, debtors = 30, seed = 7): TransferRequest[] {
  let state = seed;
  const next = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
  const iban = (bank: number, n: number) => `DE${String(10 + (n % 89)).padStart(2, '0')}${String(37040044 + bank).padStart(8, '0')}${String(532013000 + n * 7919).padStart(10, '0')}`;
  return Array.from({ length: count }, (_, i) => {
    const debtor = Math.floor(next() * debtors);
    const creditor = Math.floor(next() * debtors * 6);
    return {
      transfer_id: `tr_${seed}_${String(i).padStart(6, '0')}`,
      debtor: { iban: iban(1, debtor), name: `Debtor ${debtor}` },
      creditor: { iban: iban(2, creditor), name: `Creditor ${creditor}` },
      amount: { value: (100 + next() * 2_900).toFixed(2), currency: ['EUR', 'EUR', 'EUR', 'USD', 'GBP'][Math.floor(next() * 5)]! },
    };
  });
}

/**
 * Records `count` transfers, sent one after another through a recording proxy in front of a fresh
 * app, into `out`: the capture of a stateful service whose recorded answers depend on order.
 */
export async function recordTransferCapture(out: string, count = 300): Promise<void> {
  const app = await startTransferScreeningApp();
  try {
    const recording = await Recording.start({ ...localRecordOptions(new URL(app.url), out, TEST_KEY, 'parity test'), batchIntervalMs: 20 });
    try {
      for (const transfer of transferRequests(count)) {
        const res = await fetch(`${recording.url}/v1/transfers/screen`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': transfer.transfer_id }, body: JSON.stringify(transfer) });
        if (!res.ok) throw new Error(`recording a transfer failed: HTTP ${res.status}`);
        await res.arrayBuffer();
      }
    } finally {
      await recording.stop('signal');
    }
  } finally {
    await app.close();
  }
}
