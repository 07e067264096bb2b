import type { HeaderList, NewExchange } from '../core/exchange.js';
import { resolveRedaction, type RedactionOptions } from '../redact/redaction-rules.js';
import { createRedactor, type RedactionResult } from '../redact/redactor.js';

export interface ImportRedactorOptions {
  readonly redaction?: RedactionOptions;
  readonly key: Uint8Array;
  /** Redact bodies even when the file says Parity already did (files from untrusted sources). */
  readonly fullRedaction?: boolean;
}

/**
 * Redaction for imports, the same rules and key as `parity record`: captures are redacted before
 * they touch disk, whatever their source. A file marked as a Parity export was redacted when it
 * was recorded; tokenising its card surrogates again would map them to new numbers (and CVVs to
 * new random digits), so such files only get the header removal, which is idempotent: a round
 * trip import → export → import then keeps every byte.
 */
export function createImportRedactor(options: ImportRedactorOptions): (exchange: NewExchange, alreadyRedacted: boolean) => RedactionResult {
  const rules = resolveRedaction(options.redaction);
  const full = createRedactor(rules, options.key);
  const removed = (list: HeaderList) => list.some(([name]) => rules.headers.has(name.toLowerCase()));
  const keep = (list: HeaderList) => (removed(list) ? list.filter(([name]) => !rules.headers.has(name.toLowerCase())) : list);
  const headersOnly = (e: NewExchange): RedactionResult => {
    const r = e.response;
    if (!removed(e.requestHeaders) && (r.kind !== 'answer' || !removed(r.headers))) return { ok: true, exchange: e };
    return { ok: true, exchange: { ...e, requestHeaders: keep(e.requestHeaders), response: r.kind === 'answer' ? { ...r, headers: keep(r.headers) } : r } };
  };
  return (exchange, alreadyRedacted) => (alreadyRedacted && !options.fullRedaction ? headersOnly(exchange) : full(exchange));
}
