import { describe, expect, test } from 'vitest';
import { createValidator, MUTATIONS, type MutationName } from '../../../src/validator/index.js';
import type { ServiceReply } from '../../../src/validator/service.js';
import { mutationInputs, type MutationInput } from '../../helpers/mutation-inputs.js';

const NAMES = Object.keys(MUTATIONS) as MutationName[];
const INPUTS = mutationInputs();

/** What Parity compares in a 200 answer: the decision, the reason code and the set of error codes. */
function outcome(reply: ServiceReply): string {
  if (reply.status !== 200) return `HTTP ${reply.status}: ${reply.body.errors.map((e) => `${e.code}@${e.path}`).join(',')}`;
  const { decision, reason_code, errors } = reply.body;
  return `${decision} ${reason_code ?? '-'} [${errors.map((e) => e.code).sort().join(',')}]`;
}

/** Replays the whole list, in order, through one fresh validator. */
function replay(mutation?: MutationName): ServiceReply[] {
  const validator = createValidator(mutation ? { mutation } : {});
  return INPUTS.map((input) => validator.validate(structuredClone(input.body)));
}

const reference = replay();
const referenceOutcomes = reference.map(outcome);
const differing = new Map<MutationName, number[]>(
  NAMES.map((name) => {
    const mutated = replay(name).map(outcome);
    return [name, mutated.flatMap((o, i) => (o === referenceOutcomes[i] ? [] : [i]))];
  }),
);

function describeInput(input: MutationInput, i: number): string {
  return `#${i} ${input.label} (${String(input.body['transaction_id'])})`;
}

describe('the mutation input set', () => {
  test('is a few hundred valid payment requests with unique bodies per transaction id', () => {
    expect(INPUTS.length).toBeGreaterThanOrEqual(200);
    expect(INPUTS.length).toBeLessThanOrEqual(1_000);
    const refused = reference.flatMap((r, i) => (r.status === 200 ? [] : [`${describeInput(INPUTS[i] as MutationInput, i)}: ${outcome(r)}`]));
    expect(refused).toEqual([]);
  });

  test('is deterministic: building it twice gives the same list', () => {
    expect(mutationInputs()).toEqual(INPUTS);
  });

  test('the reference validator decides every designed payment as designed', () => {
    const wrong = INPUTS.flatMap((input, i) => {
      const reply = reference[i];
      if (!input.expected || reply?.status !== 200) return [];
      const got = { decision: reply.body.decision, reasonCode: reply.body.reason_code };
      return got.decision === input.expected.decision && got.reasonCode === input.expected.reasonCode
        ? []
        : [`${describeInput(input, i)}: expected ${JSON.stringify(input.expected)}, got ${JSON.stringify(got)}`];
    });
    expect(wrong).toEqual([]);
    // Nearly every input states its intended outcome, so the check above covers the set.
    expect(INPUTS.filter((input) => input.expected).length).toBeGreaterThan(INPUTS.length * 0.9);
  });

  test('the mix has approvals, declines and reviews', () => {
    const decisions = new Set(reference.map((r) => (r.status === 200 ? r.body.decision : 'refused')));
    expect([...decisions].sort()).toEqual(['approve', 'decline', 'review']);
  });

  test('every mutation has inputs designed to expose it', () => {
    const exposed = new Set(INPUTS.flatMap((input) => input.exposes));
    expect([...exposed].sort()).toEqual([...NAMES].sort());
  });
});

describe.each(NAMES)('mutation %s', (name) => {
  test('changes the decision, reason code or error codes of at least one input', () => {
    expect(differing.get(name)?.length ?? 0).toBeGreaterThan(0);
  });

  test('changes every input designed to expose it', () => {
    const changed = new Set(differing.get(name));
    const unchanged = INPUTS.flatMap((input, i) =>
      input.exposes.includes(name) && !changed.has(i) ? [`${describeInput(input, i)}: still ${referenceOutcomes[i]}`] : [],
    );
    expect(unchanged).toEqual([]);
  });

  test('does not change everything: fewer than half of the inputs differ', () => {
    expect(differing.get(name)?.length ?? 0).toBeLessThan(INPUTS.length / 2);
  });

  test('is registered under its own name with a one-line description', () => {
    const mutation = MUTATIONS[name];
    expect(mutation.name).toBe(name);
    expect(mutation.description.trim().length).toBeGreaterThan(0);
    expect(mutation.description).not.toMatch(/[\r\n]/);
  });
});

test('replaying the reference twice gives the same outcomes (the comparison measures the mutation, not noise)', () => {
  expect(replay().map(outcome)).toEqual(referenceOutcomes);
});
