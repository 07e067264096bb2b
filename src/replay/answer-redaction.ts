import type { Exchange } from '../core/exchange.js';
import { SideView } from '../compare/side.js';
import { digitsOfCard } from '../redact/card-surrogate.js';
import { resolveRedaction, type RedactionOptions } from '../redact/redaction-rules.js';
import { createRedactor, createTextRedactor } from '../redact/redactor.js';

/** Digit runs that could be card numbers, as written in a stored request. */
const CARD_LIKE = /\d(?:(?:[ .+-]|%20)?\d){11,18}/g;

export interface AnswerRedaction {
  /** A side's answer as it may be written to a report: redacted like a capture. */
  view(exchange: Exchange, view: SideView): SideView;
  /** Free text (group signatures, body paths, decisions) as it may be written to a report. */
  text(text: string): string;
}

/**
 * Redaction of what replay writes: the live answers of the candidate, legacy and secondary enter
 * a report's examples and diffs, and those services can echo anything (a candidate that answers
 * with a card number and a CVV). Card numbers that stand in the stored request are surrogates
 * already (the capture was redacted when it was written): an answer echoing one keeps it, so the
 * example's request and answers still show the same number.
 */
export function createAnswerRedaction(options: RedactionOptions, key: Uint8Array): AnswerRedaction {
  const rules = resolveRedaction(options);
  let exempt: ReadonlySet<string> = new Set();
  const redact = createRedactor(rules, { key, exempt: () => exempt });
  return {
    view(exchange, view) {
      const outcome = view.outcome;
      if (outcome.kind !== 'response') return view;
      exempt = surrogatesIn(exchange);
      const result = redact({
        recordedAt: exchange.recordedAt,
        method: exchange.method,
        path: '',
        query: '',
        requestHeaders: [],
        requestBody: new Uint8Array(0),
        requestTruncated: false,
        response: { kind: 'answer', status: outcome.status, headers: outcome.headers, body: outcome.body, truncated: false, latencyUs: outcome.latencyUs },
        tags: [],
      });
      if (!result.ok) return new SideView({ ...outcome, headers: [], body: Buffer.from(`(withheld by redaction: ${result.reason})`) });
      const r = result.exchange.response;
      return r.kind === 'answer' && (r.body !== outcome.body || r.headers !== outcome.headers) ? new SideView({ ...outcome, headers: r.headers, body: r.body }) : view;
    },
    text: createTextRedactor(rules, { key }),
  };
}

function surrogatesIn(exchange: Exchange): ReadonlySet<string> {
  const found = new Set<string>();
  const add = (text: string) => {
    for (const m of text.matchAll(CARD_LIKE)) found.add(digitsOfCard(m[0]));
  };
  add(exchange.path);
  add(exchange.query);
  for (const [, value] of exchange.requestHeaders) add(value);
  add(Buffer.from(exchange.requestBody.buffer, exchange.requestBody.byteOffset, exchange.requestBody.byteLength).toString('latin1'));
  return found;
}
