import type { CaptureDb } from './capture-file.js';
import { ORIGIN_TAG_PREFIX } from './origin.js';

export interface CaptureSummary {
  readonly exchanges: number;
  /** Epoch ms of the first and last recorded exchange; undefined for an empty capture. */
  readonly firstRecordedAt: number | undefined;
  readonly lastRecordedAt: number | undefined;
  readonly endpoints: readonly { readonly method: string; readonly path: string; readonly count: number }[];
  readonly statuses: readonly { readonly status: number; readonly count: number }[];
  readonly upstreamErrors: number;
  readonly truncatedRequests: number;
  readonly truncatedResponses: number;
  /** Exchanges by the capture they were merged from (their `origin:` tag), most first; empty for a capture never merged. */
  readonly origins: readonly { readonly name: string; readonly count: number }[];
  /** Response bodies bucketed by the caller's classifier, most frequent first; empty without one. */
  readonly classes: readonly { readonly name: string; readonly count: number }[];
}

export function summarize(db: CaptureDb, classify?: (body: Buffer) => string | undefined): CaptureSummary {
  const totals = db
    .prepare(
      `SELECT count(*) AS exchanges, min(recorded_at) AS first, max(recorded_at) AS last,
              coalesce(sum(status IS NULL), 0) AS upstreamErrors,
              coalesce(sum(request_truncated), 0) AS truncatedRequests, coalesce(sum(response_truncated), 0) AS truncatedResponses
       FROM exchanges`,
    )
    .get() as { exchanges: number; first: number | null; last: number | null; upstreamErrors: number; truncatedRequests: number; truncatedResponses: number };
  const endpoints = db.prepare('SELECT method, path, count(*) AS count FROM exchanges GROUP BY method, path ORDER BY count DESC, path, method').all() as CaptureSummary['endpoints'];
  const statuses = db.prepare('SELECT status, count(*) AS count FROM exchanges WHERE status IS NOT NULL GROUP BY status ORDER BY status').all() as CaptureSummary['statuses'];
  return {
    exchanges: totals.exchanges,
    firstRecordedAt: totals.first ?? undefined,
    lastRecordedAt: totals.last ?? undefined,
    endpoints,
    statuses,
    upstreamErrors: totals.upstreamErrors,
    truncatedRequests: totals.truncatedRequests,
    truncatedResponses: totals.truncatedResponses,
    origins: originCounts(db),
    classes: classify ? classifyBodies(db, classify) : [],
  };
}

function originCounts(db: CaptureDb): CaptureSummary['origins'] {
  return db
    .prepare(
      `SELECT substr(tag.value, ${ORIGIN_TAG_PREFIX.length + 1}) AS name, count(*) AS count
       FROM exchanges, json_each(exchanges.tags) AS tag
       WHERE tag.value GLOB '${ORIGIN_TAG_PREFIX}*'
       GROUP BY name ORDER BY count DESC, name`,
    )
    .all() as CaptureSummary['origins'];
}

function classifyBodies(db: CaptureDb, classify: (body: Buffer) => string | undefined): CaptureSummary['classes'] {
  const counts = new Map<string, number>();
  const bodies = db.prepare('SELECT response_body FROM exchanges WHERE response_body IS NOT NULL').pluck().iterate() as IterableIterator<Buffer>;
  for (const body of bodies) {
    const name = classify(body);
    if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
