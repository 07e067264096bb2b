import { z } from 'zod';
import { readJsonDocument } from '../util/json-document.js';
import { checkedString, nonEmptyString, oneOf } from '../util/schema.js';
import type { ReportV1 } from '../report/model.js';
import type { AllowListEntry, AllowListFindings } from './outcome.js';

/** The allow-list file: known, accepted differences, each owned and dated. Kept in git. */
export interface AllowList {
  readonly allow: readonly AllowListEntry[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const ALLOW_LIST_SCHEMA = z
  .object({
    $schema: z.string().optional(),
    allow: z
      .array(
        z
          .object({
            signature: nonEmptyString,
            owner: nonEmptyString,
            reason: nonEmptyString,
            expires: checkedString((v) => (isDate(v) ? undefined : `expected a date YYYY-MM-DD, got ${JSON.stringify(v)}`)),
            match: oneOf(['exact', 'prefix']).optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

/** Reads and validates an allow-list; every entry needs a signature, an owner, a reason and an expiry. */
export async function loadAllowList(path: string): Promise<AllowList> {
  const { doc } = await readJsonDocument<Partial<AllowList>>(path, ALLOW_LIST_SCHEMA, {
    what: 'allow-list',
    notFound: 'ALLOW_LIST_NOT_FOUND',
    invalid: 'ALLOW_LIST_INVALID',
    hint: 'each entry is {"signature", "owner", "reason", "expires": "YYYY-MM-DD"}; see "Gating in CI" in the README',
    flag: '--allow',
  });
  return { allow: doc.allow ?? [] };
}

/** Which groups the entries allow, which entries have expired and which match nothing. */
export function applyAllowList(list: AllowList, report: ReportV1, today: Date): AllowListFindings {
  const allowed: { signature: string; count: number; entry: AllowListEntry }[] = [];
  const expired: AllowListEntry[] = [];
  const stale: AllowListEntry[] = [];
  const claimed = new Set<string>();
  for (const entry of list.allow) {
    if (hasExpired(entry, today)) {
      expired.push(entry);
      continue;
    }
    const matches = report.groups.filter((g) => (entry.match === 'prefix' ? g.signature.startsWith(entry.signature) : g.signature === entry.signature));
    let allowedAny = false;
    for (const g of matches) {
      // A group is allowed once, by the first entry that matches it.
      if (claimed.has(g.signature)) continue;
      claimed.add(g.signature);
      allowed.push({ signature: g.signature, count: g.count, entry });
      allowedAny = true;
    }
    if (!allowedAny) stale.push(entry);
  }
  return { allowed, expired, stale };
}

function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().startsWith(text);
}

/** An entry allows through the whole of its expiry day (UTC). */
function hasExpired(entry: AllowListEntry, today: Date): boolean {
  return today.toISOString().slice(0, 10) > entry.expires;
}
