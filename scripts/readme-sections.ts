/**
 * README sections generated from the code, so the docs cannot drift: `npm run docs` rewrites
 * them between `<!-- generated:NAME -->` markers, and test/docs/readme-sync.test.ts fails when
 * the README is out of date.
 */
import { z } from 'zod';
import { NORMALISERS } from '../src/compare/normalise/registry.js';
import { CONFIG_SCHEMA } from '../src/config/parity-config.js';
import { ERROR_CATALOGUE } from '../src/core/errors.js';
import { BUSINESS_CODES, REQUEST_CODES } from '../src/validator/error-codes.js';
import { MUTATIONS } from '../src/validator/mutations/index.js';
import { PERFORMANCE_MUTATIONS } from '../src/validator/performance-mutations/index.js';
import { defaultPipeline } from '../src/validator/pipeline.js';
import { CURRENCIES, CURRENCY_CODES } from '../src/validator/currencies.js';
import { DEFAULT_SETTINGS, RISK_SIGNALS } from '../src/validator/settings.js';

const table = (header: readonly string[], rows: readonly (readonly string[])[]) =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const code = (text: string) => `\`${text}\``;

/** parity.config.schema.json: the config schema as JSON Schema, for editors (`"$schema"` in a config). */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(CONFIG_SCHEMA, { io: 'input' }) as Record<string, unknown>;
  return `${JSON.stringify({ ...schema, title: 'parity.config.json', description: 'Parity configuration: replay settings, comparison rules, gate limits. Every key optional; flags override it.' }, null, 2)}\n`;
}

export function readmeSections(): Readonly<Record<string, string>> {
  return {
    normalisers: table(
      ['`type`', 'Options', 'What it does'],
      Object.entries(NORMALISERS).map(([type, n]) => [code(type), Object.keys(n.schema.shape).filter((k) => k !== 'type').map(code).join(', '), n.summary]),
    ),
    rules: table(
      ['#', 'Rule', 'What it checks', 'Codes'],
      defaultPipeline().rules.map((r, i) => [String(i + 1), code(r.name), r.describe(), r.emits.map(code).join(', ')]),
    ),
    limits: [
      table(
        ['Currency', 'Decimals', 'Minimum', 'Maximum per transaction', 'Daily limit'],
        CURRENCY_CODES.map((c) => {
          const l = DEFAULT_SETTINGS.limits[c];
          const major = (n: number) => n.toLocaleString('en', { minimumFractionDigits: CURRENCIES[c].exponent });
          return [c, String(CURRENCIES[c].exponent), major(l.min), major(l.max), major(l.daily)];
        }),
      ),
      '',
      `Velocity: at most ${DEFAULT_SETTINGS.velocity.maxUses} uses of a card in ${DEFAULT_SETTINGS.velocity.windowMinutes} minutes. ` +
        `Review from a risk score of ${DEFAULT_SETTINGS.risk.reviewThreshold}; weights: ` +
        RISK_SIGNALS.map((s) => `${code(s)} ${DEFAULT_SETTINGS.risk.weights[s]}`).join(', ') +
        ` (unusual: over ${DEFAULT_SETTINGS.risk.unusualFactor}× the account's typical amount; high-risk categories ${DEFAULT_SETTINGS.risk.highRiskCategories.join(', ')}). ` +
        `Blocked for every merchant: category ${DEFAULT_SETTINGS.blockedCategories.join(', ')}.`,
    ].join('\n'),
    'business-codes': table(
      ['Code', 'Outcome', 'Meaning'],
      Object.entries(BUSINESS_CODES).map(([c, v]) => [code(c), v.outcome, v.meaning]),
    ),
    'request-codes': table(
      ['Code', 'Status', 'Meaning'],
      Object.entries(REQUEST_CODES).map(([c, v]) => [code(c), String(v.status), v.meaning]),
    ),
    mutations: table(
      ['Mutation', 'The rewrite bug it simulates'],
      Object.values(MUTATIONS).map((m) => [code(m.name), m.description]),
    ),
    'performance-mutations': table(
      ['Mutation', 'What it costs (answers unchanged)'],
      Object.values(PERFORMANCE_MUTATIONS).map((m) => [code(m.name), m.description]),
    ),
    'error-codes': table(
      ['Code', 'Meaning', 'How to fix', 'Exit'],
      Object.entries(ERROR_CATALOGUE).map(([c, v]) => [code(c), v.title, v.fix, String(v.exit)]),
    ),
  };
}

const MARKER = /(<!-- generated:([a-z-]+) -->)[\s\S]*?(<!-- \/generated:\2 -->)/g;

/** The README with every generated section replaced by its current content. */
export function syncReadme(readme: string, sections = readmeSections()): string {
  return readme.replace(MARKER, (whole, open: string, name: string, close: string) => {
    const body = sections[name];
    return body === undefined ? whole : `${open}\n${body}\n${close}`;
  });
}
