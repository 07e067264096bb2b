import { readFileSync, writeFileSync } from 'node:fs';
import { syncReadme } from './readme-sections.js';

const path = new URL('../README.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = syncReadme(before);
writeFileSync(path, after);
process.stdout.write(before === after ? 'README.md is up to date\n' : 'README.md sections regenerated\n');
