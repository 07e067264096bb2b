import type { WirePayment } from './wire-payment.js';

/** One HTTP request as it goes on the wire: the body is kept as text so malformed ones can be represented. */
export interface GeneratedRequest {
  readonly method: 'POST';
  readonly path: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
  /**
   * The account the request is about (for a malformed request, the account it was derived from).
   * Not sent: the sender uses it to keep each account's requests in generation order.
   */
  readonly account: string;
}

export const VALIDATE_PATH = '/v1/payments/validate';

export const JSON_HEADERS: readonly (readonly [string, string])[] = [['content-type', 'application/json']];

/** A well-formed validation request for `payment`. */
export function paymentRequest(payment: WirePayment, headers = JSON_HEADERS): GeneratedRequest {
  return { method: 'POST', path: VALIDATE_PATH, headers, body: JSON.stringify(payment), account: payment.account_id };
}
