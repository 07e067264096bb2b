import { Option } from 'commander';
import { loadRedaction } from '../redact/load-redaction.js';
import type { RedactionOptions } from '../redact/redaction-rules.js';
import { redactionKey, REDACT_KEY_VARIABLE } from '../redact/redaction-key.js';
import { sealKey } from '../redact/sealer.js';

const RULES = 'JSON: credential_names, not_credential_names, card_paths, drop_paths, mask_paths';

/** `--redact <file>` for every command that redacts; `use` says what the rules apply to there. */
export function redactOption(use = 'extra redaction rules'): Option {
  return new Option('--redact <file>', `${use} (${RULES})`);
}

/** What a command redacts with: the keys come from the environment, the rules from `--redact`. */
export interface RedactionInput {
  readonly key: Buffer;
  /** No PARITY_REDACT_KEY: surrogates use a random key and match no other capture. */
  readonly ephemeral: boolean;
  readonly sealKey: Buffer | undefined;
  readonly rules: RedactionOptions;
}

export async function redactionInput(env: Readonly<Record<string, string | undefined>>, rulesFile: string | undefined): Promise<RedactionInput> {
  const { key, ephemeral } = redactionKey(env);
  return { key, ephemeral, sealKey: sealKey(env), rules: rulesFile === undefined ? {} : await loadRedaction(rulesFile) };
}

export const EPHEMERAL_KEY_WARNING = `warning: ${REDACT_KEY_VARIABLE} is not set; card surrogates use a random key and will not match other captures\n`;
