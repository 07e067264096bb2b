import { expect, test } from 'vitest';
import { IMPORT_FORMATS, IMPORTERS } from '../../src/import/importers.js';
import { FIXTURES } from '../helpers/import.js';
import { importerContract } from './importer.contract.js';

// Every registered importer, each against its committed fixture (test/fixtures/import/small.<format>).
for (const format of IMPORT_FORMATS) importerContract(IMPORTERS[format], `${FIXTURES}small.${format}`);

test('each importer is registered under its own format name', () => {
  for (const format of IMPORT_FORMATS) expect(IMPORTERS[format].format).toBe(format);
});
