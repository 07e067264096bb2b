import { createHash, randomUUID } from 'node:crypto';
import { commit } from './commit.js';
import { parsePayment, type RequestIssue } from './parse-payment.js';
import type { Payment } from './payment.js';
import type { ServingCost } from './performance-mutations/index.js';
import { answerText, recallAnswer, rememberAnswer, type ValidationAnswer } from './remembered-answer.js';

export type { ValidationAnswer } from './remembered-answer.js';
import { runPipeline, type Pipeline } from './pipeline.js';
import type { Seed } from './seed/seed.js';
import type { ValidatorSettings } from './settings.js';
import { ValidatorState } from './state.js';

/** The JSON body of every 4xx answer: one entry per problem, each with the JSON path at fault. */
export interface RequestErrorAnswer {
  readonly error: string;
  readonly errors: readonly RequestIssue[];
  readonly request_id: string;
}

export type ServiceReply =
  | { readonly status: 200; readonly body: ValidationAnswer; readonly text: string; readonly replayed: boolean }
  | { readonly status: 400; readonly body: RequestErrorAnswer };

/** The payment validator without HTTP: parse, answer retries from memory, run the rules, commit. */
export class PaymentValidator {
  readonly #pipeline: Pipeline;
  readonly #settings: ValidatorSettings;
  readonly #state: ValidatorState;
  readonly #servingCost: ServingCost | null;

  constructor(pipeline: Pipeline, settings: ValidatorSettings, seed: Seed, servingCost: ServingCost | null = null) {
    this.#pipeline = pipeline;
    this.#settings = settings;
    this.#state = new ValidatorState(seed, settings);
    this.#servingCost = servingCost;
  }

  get pipeline(): Pipeline {
    return this.#pipeline;
  }

  /** What a performance mutation adds to serving each request over HTTP; null for the reference. */
  get servingCost(): ServingCost | null {
    return this.#servingCost;
  }

  validate(body: unknown): ServiceReply {
    const parsed = parsePayment(body);
    if (!parsed.ok) return requestError(parsed.issues);
    const payment = parsed.payment;
    const fingerprint = fingerprintOf(payment);
    const seen = this.#state.transaction(payment.transactionId);
    if (seen?.fingerprint === fingerprint) return { status: 200, body: recallAnswer(seen.answer), text: answerText(seen.answer), replayed: true };

    const evaluation = runPipeline(this.#pipeline, payment, {
      state: this.#state,
      settings: this.#settings,
      conventions: this.#pipeline.conventions,
      fingerprint,
    });
    commit(this.#state, payment, evaluation, this.#pipeline.conventions);
    const answer: ValidationAnswer = {
      transaction_id: payment.transactionId,
      decision: evaluation.decision,
      reason_code: evaluation.reasonCode,
      errors: evaluation.errors,
      risk_score: evaluation.riskScore,
      risk_signals: evaluation.riskSignals,
      checks: evaluation.checks,
      request_id: newRequestId(),
      processed_at: new Date().toISOString(),
    };
    const remembered = rememberAnswer(answer);
    this.#state.rememberTransaction(payment.transactionId, { fingerprint, answer: remembered });
    return { status: 200, body: answer, text: answerText(remembered), replayed: false };
  }

  reset(): void {
    this.#state.reset();
  }
}

function requestError(issues: readonly RequestIssue[]): { status: 400; body: RequestErrorAnswer } {
  return { status: 400, body: errorAnswer('invalid_request', issues) };
}

export function errorAnswer(error: string, issues: readonly RequestIssue[]): RequestErrorAnswer {
  return { error, errors: issues, request_id: newRequestId() };
}

export function newRequestId(): string {
  return `req_${randomUUID()}`;
}

function fingerprintOf(payment: Payment): string {
  return createHash('sha256').update(JSON.stringify(payment)).digest('base64url');
}
