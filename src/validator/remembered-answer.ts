/** The JSON body of a 200 answer. `request_id` and `processed_at` differ on every call by design. */
export interface ValidationAnswer {
  readonly transaction_id: string;
  readonly decision: 'approve' | 'decline' | 'review';
  readonly reason_code: string | null;
  readonly errors: readonly { readonly code: string; readonly rule: string; readonly message: string }[];
  readonly risk_score: number;
  readonly risk_signals: readonly string[];
  readonly checks: Readonly<Record<string, string>>;
  readonly request_id: string;
  readonly processed_at: string;
}

/**
 * An answer as the validator keeps it for retries. Up to `idempotencyCapacity` (100,000) answers
 * are kept; as plain objects (an errors array, a checks record of 13 keys...) they cost ~1.5 KB
 * each, 150 MB in all. Here the verdict (everything but the ids and the time) is one JSON string
 * shared by every answer with the same verdict, and there are few distinct verdicts: ~150 B each.
 */
export interface RememberedAnswer {
  readonly transactionId: string;
  readonly verdict: string;
  readonly requestId: string;
  readonly processedAt: number;
}

/** Distinct verdicts kept for sharing; past it new verdicts are stored unshared (still correct). */
const MAX_SHARED_VERDICTS = 10_000;
const shared = new Map<string, string>();

export function rememberAnswer(answer: ValidationAnswer): RememberedAnswer {
  const { transaction_id, request_id, processed_at, ...verdict } = answer;
  const json = JSON.stringify(verdict);
  let verdictJson = shared.get(json);
  if (verdictJson === undefined) {
    verdictJson = json;
    if (shared.size < MAX_SHARED_VERDICTS) shared.set(json, json);
  }
  return { transactionId: transaction_id, verdict: verdictJson, requestId: request_id, processedAt: Date.parse(processed_at) };
}

/** The answer's JSON text, fields in the order of `ValidationAnswer`, built without serialising it again. */
export function answerText(remembered: RememberedAnswer): string {
  return (
    `{"transaction_id":${JSON.stringify(remembered.transactionId)},${remembered.verdict.slice(1, -1)},` +
    `"request_id":${JSON.stringify(remembered.requestId)},"processed_at":"${new Date(remembered.processedAt).toISOString()}"}`
  );
}

/** The first answer again. */
export function recallAnswer(remembered: RememberedAnswer): ValidationAnswer {
  return JSON.parse(answerText(remembered)) as ValidationAnswer;
}
