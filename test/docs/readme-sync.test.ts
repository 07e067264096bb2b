import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { configJsonSchema, readmeSections, syncReadme } from '../../scripts/readme-sections.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('every generated README section is present', () => {
  for (const name of Object.keys(readmeSections())) expect(readme).toContain(`<!-- generated:${name} -->`);
});

test('the README tables match the code (run `npm run docs` to regenerate)', () => {
  expect(readme).toBe(syncReadme(readme));
});

test('parity.config.schema.json matches the config schema (run `npm run docs` to regenerate), and the example config names it and passes it', async () => {
  expect(readFileSync(new URL('../../parity.config.schema.json', import.meta.url), 'utf8')).toBe(configJsonSchema());
  const { loadConfig } = await import('../../src/config/load-config.js');
  const example = await loadConfig(new URL('../../examples/parity.config.json', import.meta.url).pathname);
  expect(example.doc.$schema).toBe('../parity.config.schema.json');
});

test('the README gives the two quick-start commands and documents every exit code', () => {
  expect(readme).toContain('npm install && npm start');
  expect(readme).toContain('npm test');
  for (const exit of ['| 0 |', '| 1 |', '| 2 |', '| 3 |']) expect(readme).toContain(exit);
});
