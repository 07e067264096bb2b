import type { NewExchange } from '../core/exchange.js';
import { resolveRedaction, type RedactionOptions } from '../redact/redaction-rules.js';
import { createRedactor, type RedactionResult } from '../redact/redactor.js';

export interface ImportRedactorOptions {
  readonly redaction?: RedactionOptions;
  readonly key: Uint8Array;
  readonly sealKey?: Uint8Array | undefined;
  /**
   * Store files marked as Parity exports as they are. Off by default: the marker is a line of
   * text anyone can write, so by itself it proves nothing about what the file holds.
   */
  readonly trustExports?: boolean;
}

/**
 * Redaction for imports, the same engine, rules and keys as `parity record`: captures are
 * redacted before they touch disk, whatever their source. Redacting a Parity export again is
 * safe (credentials already sealed or removed stay so) but maps its card surrogates to new ones;
 * `trustExports` keeps them, for a file the user knows Parity wrote.
 */
export function createImportRedactor(options: ImportRedactorOptions): (exchange: NewExchange, markedAsExport: boolean) => RedactionResult {
  const redact = createRedactor(resolveRedaction(options.redaction), { key: options.key, sealKey: options.sealKey });
  return (exchange, markedAsExport) => (markedAsExport && options.trustExports ? { ok: true, exchange, withheld: 0 } : redact(exchange));
}
