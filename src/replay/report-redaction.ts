import type { Exchange } from '../core/exchange.js';
import type { ExampleRedaction } from '../compare/aggregate.js';
import { SideView } from '../compare/side.js';
import { mayHoldCard, replaceCardsInText } from '../redact/card-evidence.js';
import { digitsOfCard } from '../redact/card-surrogate.js';
import { resolveRedaction, type RedactionOptions } from '../redact/redaction-rules.js';
import { createRedactor, createTextRedactor, withheldNote } from '../redact/redactor.js';

export interface ReportRedaction extends ExampleRedaction {
  /** Free text (group signatures, body paths, decisions) as it may be written to a report. */
  text(text: string): string;
}

/**
 * Redaction of what replay writes: the live answers of the candidate, legacy and secondary enter
 * a report's examples and diffs, and those services can echo anything (a candidate that answers
 * with a card number and a CVV). In a capture the redaction engine wrote (`capturedClean`), card
 * numbers that stand in the stored request are surrogates already: an answer echoing one keeps
 * it, so the example's request and answers show the same number. A capture written without the
 * engine (an older Parity) trusts nothing: its requests are redacted too, and nothing is exempt.
 */
export function createReportRedaction(options: RedactionOptions, key: Uint8Array, capturedClean: boolean): ReportRedaction {
  const rules = resolveRedaction(options);
  let exempt: ReadonlySet<string> = new Set();
  const redact = createRedactor(rules, { key, exempt: () => exempt });
  return {
    request(exchange) {
      if (capturedClean) return exchange;
      const result = redact(exchange);
      return result.ok ? { ...exchange, ...result.exchange } : { ...exchange, path: '', query: '', requestHeaders: [], requestBody: Buffer.from(withheldNote(result.reason)) };
    },
    answer(exchange, view) {
      const reply = view.reply;
      if (reply.kind !== 'answer') return view;
      exempt = capturedClean ? surrogatesIn(exchange) : new Set();
      const result = redact({
        recordedAt: exchange.recordedAt,
        method: exchange.method,
        path: '',
        query: '',
        requestHeaders: [],
        requestBody: new Uint8Array(0),
        requestTruncated: false,
        response: { kind: 'answer', status: reply.status, headers: reply.headers, body: reply.body, truncated: false, latencyUs: reply.latencyUs },
        tags: [],
      });
      if (!result.ok) return new SideView({ ...reply, headers: [], body: Buffer.from(withheldNote(result.reason)) });
      const r = result.exchange.response;
      return r.kind === 'answer' && (r.body !== reply.body || r.headers !== reply.headers) ? new SideView({ ...reply, headers: r.headers, body: r.body }) : view;
    },
    text: createTextRedactor(rules, { key }),
  };
}

function surrogatesIn(exchange: Exchange): ReadonlySet<string> {
  const found = new Set<string>();
  // The same evidence that finds them in an answer: a surrogate echoed back is recognised as one.
  const add = (text: string) => {
    if (mayHoldCard(text)) replaceCardsInText(text, (card) => (found.add(digitsOfCard(card)), card));
  };
  add(exchange.path);
  add(exchange.query);
  for (const [, value] of exchange.requestHeaders) add(value);
  add(Buffer.from(exchange.requestBody.buffer, exchange.requestBody.byteOffset, exchange.requestBody.byteLength).toString('latin1'));
  return found;
}
