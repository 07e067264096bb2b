import { isCurrency, type Currency } from '../currencies.js';
import type { Seed, SeedAccount, SeedMerchant } from './seed.js';

/** Thrown with every problem found, each naming its path (`accounts[3].balances.XYZ`). */
export class SeedProblems extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

type Obj = Record<string, unknown>;

/** Validates a seed document (snake_case JSON) into a `Seed`. */
export function parseSeed(doc: unknown): Seed {
  const p = new Problems();
  const root = p.object(doc, '$');
  const accounts = p.array(root?.['accounts'], 'accounts').map((a, i) => parseAccount(a, `accounts[${i}]`, p));
  const merchants = p.array(root?.['merchants'], 'merchants').map((m, i) => parseMerchant(m, `merchants[${i}]`, p));
  p.unique(accounts.map((a) => a?.id), 'accounts', (id) => id);
  p.unique(merchants.map((m) => m?.id), 'merchants', (id) => id.toLowerCase());
  if (p.list.length > 0) throw new SeedProblems(p.list);
  return { accounts: accounts as SeedAccount[], merchants: merchants as SeedMerchant[] };
}

function parseAccount(value: unknown, path: string, p: Problems): SeedAccount | undefined {
  const o = p.object(value, path);
  if (!o) return undefined;
  return {
    id: p.string(o['id'], `${path}.id`),
    status: p.oneOf(o['status'], `${path}.status`, ['active', 'blocked'] as const),
    country: p.string(o['country'], `${path}.country`),
    balances: p.amounts(o['balances'], `${path}.balances`),
    typicalAmounts: p.amounts(o['typical_amounts'], `${path}.typical_amounts`),
  };
}

function parseMerchant(value: unknown, path: string, p: Problems): SeedMerchant | undefined {
  const o = p.object(value, path);
  if (!o) return undefined;
  return {
    id: p.string(o['id'], `${path}.id`),
    name: p.string(o['name'], `${path}.name`),
    status: p.oneOf(o['status'], `${path}.status`, ['active', 'suspended'] as const),
    categoryCode: p.string(o['category_code'], `${path}.category_code`),
    country: p.string(o['country'], `${path}.country`),
    blockedCategories: p.array(o['blocked_categories'] ?? [], `${path}.blocked_categories`).map((c, i) => p.string(c, `${path}.blocked_categories[${i}]`)),
    caps: p.amounts(o['caps'] ?? {}, `${path}.caps`),
  };
}

class Problems {
  readonly list: string[] = [];

  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }

  object(value: unknown, path: string): Obj | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Obj;
    this.add(path, `expected an object, got ${describe(value)}`);
    return undefined;
  }

  array(value: unknown, path: string): unknown[] {
    if (Array.isArray(value)) return value;
    this.add(path, `expected an array, got ${describe(value)}`);
    return [];
  }

  string(value: unknown, path: string): string {
    if (typeof value === 'string' && value.length > 0) return value;
    this.add(path, `expected a non-empty string, got ${describe(value)}`);
    return '';
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    const found = allowed.find((a) => a === value);
    if (found) return found;
    this.add(path, `expected one of ${allowed.join(', ')}, got ${describe(value)}`);
    return allowed[0] as T;
  }

  amounts(value: unknown, path: string): Partial<Record<Currency, number>> {
    const o = this.object(value, path);
    const out: Partial<Record<Currency, number>> = {};
    for (const [key, amount] of Object.entries(o ?? {})) {
      if (!isCurrency(key)) this.add(`${path}.${key}`, 'unsupported currency');
      else if (typeof amount !== 'number' || !(amount >= 0)) this.add(`${path}.${key}`, `expected a number >= 0, got ${describe(amount)}`);
      else out[key] = amount;
    }
    return out;
  }

  unique<T>(ids: readonly (T | undefined)[], path: string, keyOf: (id: T) => unknown): void {
    const seen = new Set<unknown>();
    ids.forEach((id, i) => {
      if (id === undefined) return;
      const key = keyOf(id);
      if (seen.has(key)) this.add(`${path}[${i}].id`, `duplicate id ${JSON.stringify(id)}`);
      seen.add(key);
    });
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}
