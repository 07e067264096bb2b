import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { readmeSections, syncReadme } from '../../scripts/readme-sections.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('every generated README section is present', () => {
  for (const name of Object.keys(readmeSections())) expect(readme).toContain(`<!-- generated:${name} -->`);
});

test('the README tables match the code (run `npm run docs` to regenerate)', () => {
  expect(readme).toBe(syncReadme(readme));
});

test('the README gives the two quick-start commands and documents every exit code', () => {
  expect(readme).toContain('npm install && npm start');
  expect(readme).toContain('npm test');
  for (const exit of ['| 0 |', '| 1 |', '| 2 |', '| 3 |']) expect(readme).toContain(exit);
});
