import type { BusinessCode } from '../error-codes.js';
import type { Mutation } from './mutation.js';

const FIRST: BusinessCode = 'LIMIT_DAILY_EXCEEDED';
const SECOND: BusinessCode = 'INSUFFICIENT_FUNDS';

export const codePrecedenceSwapped = {
  name: 'code-precedence-swapped',
  description: 'reports INSUFFICIENT_FUNDS as the reason code when the daily limit is also exceeded (precedence of the two swapped)',
  apply: (p) => ({ ...p, precedence: p.precedence.map((c) => (c === FIRST ? SECOND : c === SECOND ? FIRST : c)) }),
} satisfies Mutation;
