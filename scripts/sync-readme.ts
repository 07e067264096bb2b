import { readFileSync, writeFileSync } from 'node:fs';
import { configJsonSchema, syncReadme } from './readme-sections.js';

const path = new URL('../README.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = syncReadme(before);
writeFileSync(path, after);
process.stdout.write(before === after ? 'README.md is up to date\n' : 'README.md sections regenerated\n');

const schemaPath = new URL('../parity.config.schema.json', import.meta.url);
const schema = configJsonSchema();
let old = '';
try {
  old = readFileSync(schemaPath, 'utf8');
} catch {
  // written below
}
writeFileSync(schemaPath, schema);
process.stdout.write(old === schema ? 'parity.config.schema.json is up to date\n' : 'parity.config.schema.json regenerated\n');
