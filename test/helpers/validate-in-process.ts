import type { GeneratedRequest } from '../../src/traffic/generate.js';
import type { PaymentValidator, ValidationAnswer } from '../../src/validator/index.js';

export type InProcessAnswer =
  | { readonly status: 200; readonly answer: ValidationAnswer; readonly replayed: boolean }
  | { readonly status: 400; readonly codes: readonly string[] };

/**
 * What the validator's HTTP server would answer to `request`, without HTTP: the content-type,
 * empty-body and JSON checks of src/validator/server.ts, then `PaymentValidator.validate`.
 */
export function answerInProcess(validator: PaymentValidator, request: GeneratedRequest): InProcessAnswer {
  const contentType = request.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) return { status: 400, codes: ['CONTENT_TYPE_UNSUPPORTED'] };
  if (request.body.trim().length === 0) return { status: 400, codes: ['BODY_EMPTY'] };
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return { status: 400, codes: ['BODY_MALFORMED_JSON'] };
  }
  const reply = validator.validate(body);
  if (reply.status === 400) return { status: 400, codes: reply.body.errors.map((e) => e.code) };
  return { status: 200, answer: reply.body, replayed: reply.replayed };
}
