/** Maps a snake_case row to the camelCase shape of the API, turning dates into ISO strings. */
export function camelRow<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    out[k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] =
      v instanceof Date ? v.toISOString() : v;
  }
  return out as T;
}

export const iso = (v: Date | string | null | undefined) =>
  v == null ? null : v instanceof Date ? v.toISOString() : new Date(v).toISOString();

/** A json/jsonb column's value: PostgreSQL's driver parses it, the embedded one may answer its text. */
export const jsonValue = <T = unknown>(v: unknown): T =>
  typeof v === 'string' ? (JSON.parse(v) as T) : (v as T);

/** `%term%` for ILIKE with the pattern characters of the term escaped. */
export const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * The WHERE conditions of a list with their parameters: `arg` adds a value and returns its placeholder;
 * `equals` adds `column = value` only when the filter was given.
 */
export function conditions() {
  const where: string[] = [];
  const params: unknown[] = [];
  const arg = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const equals = (column: string, value: unknown) => {
    if (value !== undefined) where.push(`${column} = ${arg(value)}`);
  };
  return { where, params, arg, equals };
}
