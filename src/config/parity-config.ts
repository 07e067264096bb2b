import type { CompareOptions } from '../compare/settings.js';
import type { GateLimits } from '../gate/limits.js';
import { httpUrlProblem } from '../util/http-url.js';
import { parseJsonPath } from '../util/json-path.js';
import { parsePartitionKey } from '../replay/partition.js';
import type { Schema } from './schema.js';

/** `parity.config.json`: everything optional; flags override it. */
export interface ParityConfig {
  readonly replay?: {
    readonly candidate?: string;
    readonly legacy?: string;
    readonly secondary?: string;
    readonly order?: 'key' | 'global' | 'none';
    readonly partitionKey?: string;
    readonly concurrency?: number;
    readonly rate?: number;
    readonly timeoutMs?: number;
    /** Path POSTed on each live side before a run when --reset is given. */
    readonly resetPath?: string;
  };
  readonly compare?: CompareOptions;
  readonly gate?: Partial<GateLimits> & {
    /** The allow-list file, relative to the working directory. */
    readonly allow?: string;
  };
}

const jsonPath: Schema = {
  kind: 'string',
  check: (v) => {
    try {
      parseJsonPath(v);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  },
};
const url: Schema = { kind: 'string', check: httpUrlProblem };
const urlOrRecorded: Schema = { kind: 'string', check: (v) => (v === 'recorded' ? undefined : httpUrlProblem(v)) };
const strings: Schema = { kind: 'array', items: { kind: 'string' } };
const count: Schema = { kind: 'number', integer: true, min: 0 };

export const CONFIG_SCHEMA: Schema = {
  kind: 'object',
  fields: {
    $schema: { kind: 'string' },
    replay: {
      kind: 'object',
      fields: {
        candidate: url,
        legacy: urlOrRecorded,
        secondary: url,
        order: { kind: 'enum', values: ['key', 'global', 'none'] },
        partitionKey: {
          kind: 'string',
          check: (v) => {
            try {
              parsePartitionKey(v);
              return undefined;
            } catch (error) {
              return (error as Error).message;
            }
          },
        },
        concurrency: { kind: 'number', integer: true, min: 1, max: 1024 },
        rate: { kind: 'number', min: 0.001 },
        timeoutMs: { kind: 'number', integer: true, min: 1 },
        resetPath: { kind: 'string', check: (v) => (v.startsWith('/') ? undefined : 'expected a path starting with /') },
      },
    },
    compare: {
      kind: 'object',
      fields: {
        decision: { kind: 'nullable', schema: jsonPath },
        errorCodes: {
          kind: 'object',
          fields: {
            paths: { kind: 'array', items: jsonPath },
            ordered: { kind: 'boolean' },
            primary: { kind: 'nullable', schema: jsonPath },
            crosswalk: { kind: 'record', values: { kind: 'string' } },
          },
        },
        ignore: { kind: 'object', fields: { headers: strings, body: { kind: 'array', items: jsonPath } } },
        headers: strings,
        normalise: {
          kind: 'array',
          items: {
            kind: 'oneOf',
            discriminator: 'type',
            variants: {
              ignore: { kind: 'object', fields: { type: { kind: 'string' }, path: jsonPath }, required: ['path'] },
              unordered: { kind: 'object', fields: { type: { kind: 'string' }, path: jsonPath }, required: ['path'] },
              'round-numbers': { kind: 'object', fields: { type: { kind: 'string' }, path: jsonPath, digits: { kind: 'number', integer: true, min: 0, max: 15 } }, required: ['path', 'digits'] },
            },
          },
        },
        noiseThreshold: { kind: 'number', min: 0, max: 1 },
        approveValues: strings,
      },
    },
    gate: {
      kind: 'object',
      fields: {
        maxDecisionMismatches: count,
        maxErrorCodeMismatches: count,
        minParity: { kind: 'number', min: 0, max: 100 },
        maxP99Ratio: { kind: 'number', min: 0.001 },
        maxTransport: count,
        maxCritical: count,
        allow: { kind: 'string' },
      },
    },
  },
};
