/**
 * The bare server's fixed answer (bench/servers/bare-server.ts): shaped and sized like a validator
 * answer (~600 bytes), its `checks` naming `card-number` as the validator's do, so a recorder's
 * redaction cannot prove it clean without walking it. bench:redact redacts the same bytes.
 */
export const BARE_ANSWER = JSON.stringify({
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
