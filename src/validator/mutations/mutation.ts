import type { Pipeline } from '../pipeline.js';
import type { Rule } from '../rule.js';

/** A realistic rewrite bug, as a pure transform of the reference pipeline. */
export interface Mutation {
  readonly name: string;
  readonly description: string;
  apply(pipeline: Pipeline): Pipeline;
}

/** The pipeline with the rule named like `rule` swapped for it; throws if no rule has that name. */
export function replaceRule(pipeline: Pipeline, rule: Rule): Pipeline {
  if (!pipeline.rules.some((r) => r.name === rule.name)) throw new Error(`no rule named ${rule.name} in the pipeline`);
  return { ...pipeline, rules: pipeline.rules.map((r) => (r.name === rule.name ? rule : r)) };
}
