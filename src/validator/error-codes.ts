/**
 * The reference validator's machine-readable codes: the business data Parity compares.
 * `BUSINESS_CODES` come back in a 200 answer's `errors`; `REQUEST_CODES` in a 4xx answer.
 * The README lists every one of them (a test keeps it in sync).
 */
export const BUSINESS_CODES = {
  CARD_NUMBER_INVALID: { outcome: 'decline', meaning: 'The card number fails the Luhn check or has fewer than 12 or more than 19 digits.' },
  CARD_EXPIRED: { outcome: 'decline', meaning: 'The card expired before the transaction time (a card is valid through the last day of its expiry month, UTC).' },
  AMOUNT_INVALID: { outcome: 'decline', meaning: 'The amount is not a positive whole number of minor units.' },
  DUPLICATE_TRANSACTION_ID: { outcome: 'decline', meaning: 'The transaction id was already used with a different payload.' },
  ACCOUNT_UNKNOWN: { outcome: 'decline', meaning: 'No account has this id.' },
  ACCOUNT_BLOCKED: { outcome: 'decline', meaning: 'The account is blocked.' },
  MERCHANT_UNKNOWN: { outcome: 'decline', meaning: 'No merchant has this id (ids compare case-insensitively).' },
  MERCHANT_SUSPENDED: { outcome: 'decline', meaning: 'The merchant is suspended.' },
  MERCHANT_CATEGORY_BLOCKED: { outcome: 'decline', meaning: 'The merchant category code is blocked, globally or for this merchant.' },
  MERCHANT_CAP_EXCEEDED: { outcome: 'decline', meaning: "The amount exceeds the merchant's per-transaction cap for the currency." },
  AMOUNT_BELOW_MINIMUM: { outcome: 'decline', meaning: 'The amount is below the per-transaction minimum for the currency.' },
  LIMIT_PER_TRANSACTION_EXCEEDED: { outcome: 'decline', meaning: 'The amount is above the per-transaction maximum for the currency (the maximum itself is allowed).' },
  VELOCITY_CARD_EXCEEDED: { outcome: 'decline', meaning: 'The card was used more times than allowed within the sliding velocity window.' },
  LIMIT_DAILY_EXCEEDED: { outcome: 'decline', meaning: "Approved amounts for the account, the currency and the transaction's UTC day would exceed the daily limit." },
  INSUFFICIENT_FUNDS: { outcome: 'decline', meaning: 'Balance minus holds in the currency does not cover the amount.' },
  RISK_REVIEW: { outcome: 'review', meaning: 'The fraud risk score reached the review threshold.' },
} as const satisfies Record<string, { outcome: 'decline' | 'review'; meaning: string }>;

export type BusinessCode = keyof typeof BUSINESS_CODES;

export const REQUEST_CODES = {
  BODY_EMPTY: { status: 400, meaning: 'The request has no body.' },
  BODY_MALFORMED_JSON: { status: 400, meaning: 'The body is not valid JSON.' },
  BODY_NOT_OBJECT: { status: 400, meaning: 'The JSON body is not an object.' },
  CONTENT_TYPE_UNSUPPORTED: { status: 400, meaning: 'The Content-Type is not application/json.' },
  FIELD_MISSING: { status: 400, meaning: 'A required field is absent (the `path` says which).' },
  FIELD_TYPE: { status: 400, meaning: 'A field has the wrong JSON type (the `path` says which).' },
  FIELD_FORMAT: { status: 400, meaning: 'A field has the right type but not the expected format (timestamp, country, category code, digits).' },
  FIELD_UNKNOWN: { status: 400, meaning: 'The body has a field the API does not define.' },
  CURRENCY_UNSUPPORTED: { status: 400, meaning: 'The currency is not one of the supported ISO 4217 codes.' },
  BODY_TOO_LARGE: { status: 413, meaning: 'The body exceeds the 64 KiB limit.' },
  ROUTE_NOT_FOUND: { status: 404, meaning: 'No route has this path.' },
  METHOD_NOT_ALLOWED: { status: 405, meaning: 'The route exists but not for this method (see the Allow header).' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type RequestCode = keyof typeof REQUEST_CODES;
