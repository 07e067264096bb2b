import { readJsonDocument, type LoadedDocument } from '../util/json-document.js';
import { CONFIG_SCHEMA, type ParityConfig } from './parity-config.js';

/** Reads and validates parity.config.json; one error listing every problem, each naming its field. */
export function loadConfig(path: string): Promise<LoadedDocument<ParityConfig>> {
  return readJsonDocument<ParityConfig>(path, CONFIG_SCHEMA, {
    what: 'config file',
    notFound: 'CONFIG_NOT_FOUND',
    invalid: 'CONFIG_INVALID',
    hint: 'see "Configuration" in the README for every key',
    flag: '--config',
  });
}
