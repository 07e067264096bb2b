import { parseJsonPath, type JsonPath } from '../util/json-path.js';
import { nameKey, type NameVocabulary } from './field-names.js';

/** What to redact, beyond the built-in protections that cannot be turned off. */
export interface RedactionOptions {
  /** Extra header names treated as credentials (another name for `credentialNames`, kept for existing --redact files). */
  readonly headers?: readonly string[];
  /** Extra names (header, parameter, field) treated as credentials. */
  readonly credentialNames?: readonly string[];
  /** Names never treated as credentials, whatever their words say (e.g. `next_page_token`). */
  readonly notCredentialNames?: readonly string[];
  /** JSON paths of card numbers, beyond those whose names say card. */
  readonly cardPaths?: readonly string[];
  /** JSON paths whose values are replaced by `null`. */
  readonly dropPaths?: readonly string[];
  /** JSON paths whose string values keep their length but every character becomes `*`. */
  readonly maskPaths?: readonly string[];
}

export interface ResolvedRedaction {
  readonly vocabulary: NameVocabulary;
  readonly cardPaths: readonly JsonPath[];
  readonly dropPaths: readonly JsonPath[];
  readonly maskPaths: readonly JsonPath[];
}

export function resolveRedaction(options: RedactionOptions = {}): ResolvedRedaction {
  return {
    vocabulary: {
      credentialNames: new Set([...(options.credentialNames ?? []), ...(options.headers ?? [])].map(nameKey)),
      notCredentialNames: new Set((options.notCredentialNames ?? []).map(nameKey)),
    },
    cardPaths: (options.cardPaths ?? []).map(parseJsonPath),
    dropPaths: (options.dropPaths ?? []).map(parseJsonPath),
    maskPaths: (options.maskPaths ?? []).map(parseJsonPath),
  };
}
