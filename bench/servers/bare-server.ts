/**
 * Child-process entry: a bare node:http server, the ceiling the validator is compared with. It reads
 * each request body to the end (as the validator must) and answers a fixed JSON body shaped and
 * sized like a validator answer (~600 bytes), with the same headers. Same stdout protocol as
 * validator-server.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveUntilParentLeaves } from './serve.js';

const BODY = JSON.stringify({
  transaction_id: 'tx-bench-0-00000000',
  decision: 'approve',
  reason_code: null,
  errors: [],
  risk_score: 0,
  risk_signals: [],
  checks: {
    'card-number': 'pass',
    'card-expiry': 'pass',
    'amount-format': 'pass',
    'duplicate-transaction': 'pass',
    'account-status': 'pass',
    'merchant-status': 'pass',
    'merchant-category': 'pass',
    'transaction-limits': 'pass',
    'merchant-cap': 'pass',
    'card-velocity': 'pass',
    'daily-limit': 'pass',
    'balance-precheck': 'pass',
    'fraud-signals': 'pass',
  },
  request_id: 'req_00000000-0000-4000-8000-000000000000',
  processed_at: '2026-11-23T09:15:00.000Z',
  padding: 'x'.repeat(60),
});
const LENGTH = Buffer.byteLength(BODY);

const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': LENGTH });
    res.end(BODY);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
serveUntilParentLeaves((server.address() as AddressInfo).port);
