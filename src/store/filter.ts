/** Which exchanges to read. Every field narrows; an empty filter reads everything. */
export interface ExchangeFilter {
  /** SQLite GLOB patterns on the path (`*` any run, `?` one char); an exchange matching any is kept. */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly methods?: readonly string[];
  readonly statuses?: readonly number[];
  /** Inclusive range of sequence numbers. */
  readonly fromSeq?: number;
  readonly toSeq?: number;
}

/** The WHERE clause and its parameters for a filter; values are always bound, never spliced. */
export function whereClause(filter: ExchangeFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const anyOf = (column: string, op: string, values: readonly unknown[] | undefined, negate = false) => {
    if (!values || values.length === 0) return;
    parts.push(`${negate ? 'NOT ' : ''}(${values.map(() => `${column} ${op} ?`).join(' OR ')})`);
    params.push(...values);
  };
  anyOf('path', 'GLOB', filter.include);
  anyOf('path', 'GLOB', filter.exclude, true);
  anyOf('method', '=', filter.methods?.map((m) => m.toUpperCase()));
  anyOf('status', '=', filter.statuses);
  if (filter.fromSeq !== undefined) {
    parts.push('seq >= ?');
    params.push(filter.fromSeq);
  }
  if (filter.toSeq !== undefined) {
    parts.push('seq <= ?');
    params.push(filter.toSeq);
  }
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}
