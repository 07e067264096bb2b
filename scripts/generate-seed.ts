/**
 * Writes src/validator/seed/default-seed.json, the validator's bundled state. Deterministic:
 * run `npx tsx scripts/generate-seed.ts` and the file is byte-identical. Edit this, not the JSON.
 */
import { writeFileSync } from 'node:fs';
import { CURRENCIES, type Currency } from '../src/validator/currencies.js';
import { Random } from '../src/util/random.js';

const ACCOUNTS = 300;
const MERCHANTS = 40;

const HOME_CURRENCY: Readonly<Record<string, Currency>> = {
  DE: 'EUR', FR: 'EUR', NL: 'EUR', ES: 'EUR', IT: 'EUR', GB: 'GBP', US: 'USD', CH: 'CHF', SE: 'SEK', JP: 'JPY', BH: 'BHD', KW: 'KWD',
};
const COUNTRY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['DE', 20], ['FR', 12], ['NL', 6], ['ES', 7], ['IT', 7], ['GB', 12], ['US', 12], ['CH', 4], ['SE', 4], ['JP', 8], ['BH', 4], ['KW', 4],
];
/** Units of each currency worth about one euro, to keep amounts comparable across currencies. */
const PER_EURO: Readonly<Record<Currency, number>> = { EUR: 1, USD: 1.1, GBP: 0.85, CHF: 0.95, SEK: 11, JPY: 160, BHD: 0.41, KWD: 0.33 };
const CATEGORIES: readonly (readonly [string, string, number])[] = [
  ['5411', 'Grocer', 8], ['5812', 'Bistro', 6], ['5999', 'Goods', 5], ['5732', 'Electronics', 4], ['4111', 'Transit', 3],
  ['5311', 'Department Store', 3], ['5045', 'Computers', 2], ['4829', 'Money Transfer', 2], ['5967', 'Direct Marketing', 2],
  ['6051', 'Quasi Cash', 1], ['5993', 'Tobacco', 1], ['7273', 'Dating', 1], ['7995', 'Betting', 2],
];

const rnd = new Random(20_261_123);
const minor = (euros: number, currency: Currency) => Math.round(euros * PER_EURO[currency] * 10 ** CURRENCIES[currency].exponent);

const accounts = Array.from({ length: ACCOUNTS }, (_, i) => {
  const country = rnd.weighted(COUNTRY_WEIGHTS);
  const home = HOME_CURRENCY[country] ?? 'EUR';
  const currencies = new Set<Currency>([home]);
  if (rnd.chance(0.35)) currencies.add(home === 'EUR' ? 'USD' : 'EUR');
  const balances: Partial<Record<Currency, number>> = {};
  const typical: Partial<Record<Currency, number>> = {};
  for (const c of currencies) {
    // One account in eight is nearly empty, so balance pre-checks decline in ordinary traffic.
    const euros = rnd.chance(0.125) ? rnd.logNormal(40, 0.8) : rnd.logNormal(3_000, 1.1);
    balances[c] = minor(euros, c);
    typical[c] = minor(rnd.logNormal(45, 0.7), c);
  }
  return {
    id: `ACC-${String(i + 1).padStart(5, '0')}`,
    status: rnd.chance(0.03) ? 'blocked' : 'active',
    country,
    balances,
    typical_amounts: typical,
  };
});

const merchants = Array.from({ length: MERCHANTS }, (_, i) => {
  const [categoryCode, kind] = rnd.weighted(CATEGORIES.map(([code, name, w]) => [[code, name] as const, w] as const));
  const country = rnd.weighted(COUNTRY_WEIGHTS);
  const home = HOME_CURRENCY[country] ?? 'EUR';
  const caps: Partial<Record<Currency, number>> = {};
  if (rnd.chance(0.4)) caps[home] = Math.round(rnd.logNormal(800, 0.6) * PER_EURO[home]);
  return {
    id: `MRC-${String(i + 1).padStart(4, '0')}`,
    name: `${kind} ${i + 1}`,
    status: rnd.chance(0.1) ? 'suspended' : 'active',
    category_code: categoryCode,
    country,
    blocked_categories: rnd.chance(0.15) ? [rnd.pick(['5967', '4829', '6051', '5993'])] : [],
    caps,
  };
});

const target = new URL('../src/validator/seed/default-seed.json', import.meta.url);
writeFileSync(target, `${JSON.stringify({ accounts, merchants }, null, 1)}\n`);
process.stdout.write(`wrote ${accounts.length} accounts and ${merchants.length} merchants to ${target.pathname}\n`);
