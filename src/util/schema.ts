import { z } from 'zod';
import { httpUrlProblem } from './http-url.js';
import { parseJsonPath } from './json-path.js';

/**
 * Building blocks of the schemas each room declares for its part of a config document (zod 4:
 * types are inferred from the schema, and `z.toJSONSchema` publishes it for editors). Messages
 * say what was expected and what was found, in the words the README uses.
 */

/** `got 42`, `got "x"`, `got nothing`. */
export function describeInput(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}

/** A number within bounds, with one message for every way to miss them. */
export function boundedNumber(min: number, max?: number, options: { integer?: boolean; exclusiveMin?: boolean } = {}) {
  const range = max === undefined ? `from ${min}` : `from ${min} to ${max}`;
  const error = (issue: { input?: unknown }) => `expected a number ${range}, got ${describeInput(issue.input)}`;
  let schema = z.number({ error });
  if (options.integer) schema = schema.int({ error: (issue) => `expected a whole number ${range}, got ${describeInput(issue.input)}` });
  schema = options.exclusiveMin ? schema.gt(min, { error }) : schema.min(min, { error });
  return max === undefined ? schema : schema.max(max, { error });
}

/** One of a few strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (issue) => `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeInput(issue.input)}` });
}

/** A string checked by a function that names what is wrong with it. */
export function checkedString(problem: (value: string) => string | undefined) {
  return z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  });
}

export const jsonPathString = checkedString((value) => {
  try {
    parseJsonPath(value);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
});

export const httpUrlString = checkedString(httpUrlProblem);
export const nonEmptyString = checkedString((value) => (value.trim() === '' ? 'must not be empty' : undefined));
