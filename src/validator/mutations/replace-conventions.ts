import type { Conventions } from '../conventions.js';
import type { Pipeline } from '../pipeline.js';

export function replaceConventions(pipeline: Pipeline, changes: Partial<Conventions>): Pipeline {
  return { ...pipeline, conventions: { ...pipeline.conventions, ...changes } };
}
