/** What a sending run did: answers by HTTP status, failures by error code. */
export interface SendSummary {
  readonly target: string;
  /** Requests that got an answer or failed (`byStatus` plus `errors`). */
  readonly sent: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly errors: Readonly<Record<string, number>>;
  readonly durationMs: number;
  readonly requestsPerSecond: number;
  /** True when the run was stopped before every request was sent. */
  readonly interrupted: boolean;
}

export interface SendProgress {
  readonly sent: number;
  readonly errors: number;
  readonly elapsedMs: number;
}

export type Outcome = { readonly status: number } | { readonly error: string };

export class SendTally {
  readonly #started = performance.now();
  readonly #byStatus = new Map<number, number>();
  readonly #errors = new Map<string, number>();
  #sent = 0;
  #errorCount = 0;

  record(outcome: Outcome): void {
    this.#sent++;
    if ('status' in outcome) this.#byStatus.set(outcome.status, (this.#byStatus.get(outcome.status) ?? 0) + 1);
    else {
      this.#errorCount++;
      this.#errors.set(outcome.error, (this.#errors.get(outcome.error) ?? 0) + 1);
    }
  }

  progress(): SendProgress {
    return { sent: this.#sent, errors: this.#errorCount, elapsedMs: performance.now() - this.#started };
  }

  summary(target: string, interrupted: boolean): SendSummary {
    const durationMs = Math.round(performance.now() - this.#started);
    const sorted = <K>(m: Map<K, number>) => Object.fromEntries([...m].sort(([a], [b]) => String(a).localeCompare(String(b))));
    return {
      target,
      sent: this.#sent,
      byStatus: sorted(this.#byStatus),
      errors: sorted(this.#errors),
      durationMs,
      requestsPerSecond: durationMs > 0 ? Math.round((this.#sent * 1000 * 10) / durationMs) / 10 : this.#sent,
      interrupted,
    };
  }
}
