import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { Memo } from '../lib/memo';
import { similarNameFrom } from '../modules/duplicates/duplicate-score';

/**
 * Settings of every session. The trigram `%` operator finds the names similar from this threshold on
 * through the GIN index (0850) without walking it: likely duplicates ask only for names similar enough
 * to count as the same person's.
 */
const sessionSettings: Record<string, string> = {
  'pg_trgm.similarity_threshold': String(similarNameFrom),
};

/**
 * A statement PostgreSQL parses and plans once per connection and then only executes: for the hot
 * paths that run the same text with other values (sign-in checks, lead saves), where parsing and
 * planning cost more than running. Not for ad-hoc list queries, whose best plan depends on the values.
 */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

const statements = new Map<string, Statement>();

export function prepared(text: string): Statement {
  let s = statements.get(text);
  if (!s) {
    s = { name: `ll_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text };
    statements.set(text, s);
  }
  return s;
}

const textOf = (q: string | Statement) => (typeof q === 'string' ? q : q.text);

/**
 * The one database interface every repository uses. It hides whether we run on the embedded PGlite
 * or on a PostgreSQL server; the SQL is the same on both.
 */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string | Statement, params?: readonly unknown[]): Promise<R[]>;
  /** Runs fn in a transaction; nested calls become savepoints. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters; returns the rows of the last one. */
  exec(text: string): Promise<unknown[]>;
  /** What the process keeps of rarely changing records; the same for the database and its transactions. */
  readonly memo: Memo;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Human-readable location for start-up logs (never includes a password). */
  readonly describe: string;
  close(): Promise<void>;
  /** The connection pool's use, where the driver has a pool (PostgreSQL). */
  poolUse?(): { total: number; idle: number; waiting: number; max: number };
}

/** Dates stay 'YYYY-MM-DD' strings and bigints become numbers on both drivers. */
const DATE = 1082;
const INT8 = 20;
const NUMERIC = 1700;

let savepointSeq = 0;

const lastRows = (results: { rows: unknown[] }[]) => results[results.length - 1]?.rows ?? [];
/** node-postgres answers a multi-statement script with an array of results. */
const pgRows = (res: pg.QueryResult | pg.QueryResult[]) => (Array.isArray(res) ? lastRows(res) : res.rows);

type Run = (text: string | Statement, params?: readonly unknown[]) => Promise<unknown[]>;

function withSavepoints(run: Run, runScript: (text: string) => Promise<unknown[]>, memo: Memo): Queryable {
  const self: Queryable = {
    memo,
    query: async <R>(text: string | Statement, params?: readonly unknown[]) =>
      (await run(text, params)) as R[],
    exec: runScript,
    transaction: async <T>(fn: (tx: Queryable) => Promise<T>) => {
      const name = `sp_${++savepointSeq}`;
      await run(`SAVEPOINT ${name}`);
      try {
        const result = await fn(self);
        await run(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (err) {
        await run(`ROLLBACK TO SAVEPOINT ${name}`);
        throw err;
      }
    },
  };
  return self;
}

/**
 * PGlite runs inside this process and answers through promises only: a caller that sends its next
 * query as soon as the last one answers never lets the event loop turn, and then no socket is read, no
 * timer fires and no request waiting on `setImmediate` (a batch between its items, a request body
 * being read) gets its turn, for as long as that caller goes on. Before each query or transaction
 * outside a transaction, this gives the event loop a turn whenever it has not had one for a couple of
 * milliseconds; when the loop turns by itself (requests over sockets), it costs one scheduled
 * immediate and no wait.
 */
export function eventLoopTurns(maxSpinMs = 2) {
  let pending: Promise<void> | null = null;
  let scheduledAt = 0;
  return async () => {
    if (!pending) {
      scheduledAt = performance.now();
      pending = nextTurn().then(() => {
        pending = null;
      });
    } else if (performance.now() - scheduledAt > maxSpinMs) {
      await pending;
    }
  };
}

export async function openPglite(
  dataDir: string | undefined,
  loadDataDir?: Blob,
): Promise<Database & { pglite: PGlite }> {
  const pglite = await PGlite.create(dataDir ?? 'memory://', {
    extensions: { pg_trgm },
    loadDataDir,
    parsers: {
      [DATE]: (v: string) => v,
      [INT8]: (v: string) => Number(v),
      [NUMERIC]: (v: string) => v,
    },
  });
  for (const [name, value] of Object.entries(sessionSettings))
    await pglite.query('SELECT set_config($1, $2, false)', [name, value]);
  const memo = new Memo();
  const txMemo = memo.inTransaction();
  const turn = eventLoopTurns();
  return {
    kind: 'pglite',
    memo,
    describe: dataDir ? `embedded PGlite in ${dataDir}` : 'embedded PGlite in memory',
    pglite,
    query: async <R>(text: string | Statement, params?: readonly unknown[]) => {
      await turn();
      return (await pglite.query<R>(textOf(text), params as unknown[] | undefined)).rows;
    },
    exec: async (text: string) => {
      await turn();
      return lastRows(await pglite.exec(text));
    },
    transaction: async <T>(fn: (tx: Queryable) => Promise<T>) => {
      await turn();
      // PGlite is one connection: queries issued through `tx` run inside the transaction, and any other
      // query waits on PGlite's own lock until it ends.
      return pglite.transaction((t) =>
        fn(
          withSavepoints(
            async (text, params) => (await t.query(textOf(text), params as unknown[] | undefined)).rows,
            async (text) => lastRows(await t.exec(text)),
            // A read of the memo under way outside waits for this transaction's connection.
            txMemo,
          ),
        ),
      );
    },
    close: () => pglite.close(),
  };
}

const pgTypes = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === DATE) return (v: string) => v;
    if (oid === INT8) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

const pgQuery = (q: string | Statement, params?: readonly unknown[]): pg.QueryConfig => ({
  ...(typeof q === 'string' ? { text: q } : { name: q.name, text: q.text }),
  values: params as unknown[] | undefined,
});

export function openPostgres(url: string, options: { searchPath?: string; max?: number } = {}): Database {
  const max = options.max ?? 10;
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: pgTypes,
    // JIT compilation pays off for long analytical queries; ours are short, and compiling a count over
    // a million leads took longer than running it.
    options: [
      '-c jit=off',
      ...Object.entries(sessionSettings).map(([name, value]) => `-c ${name}=${value}`),
      options.searchPath ? `-c search_path=${options.searchPath}` : '',
    ]
      .filter(Boolean)
      .join(' '),
  });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const safeUrl = (() => {
    try {
      const u = new URL(url);
      u.password = '';
      return u.toString();
    } catch {
      return 'postgresql';
    }
  })();
  const memo = new Memo();
  return {
    kind: 'postgres',
    memo,
    describe: `PostgreSQL at ${safeUrl}`,
    query: async <R>(text: string | Statement, params?: readonly unknown[]) =>
      (await pool.query(pgQuery(text, params))).rows as R[],
    exec: async (text: string) => pgRows(await pool.query(text)),
    transaction: async <T>(fn: (tx: Queryable) => Promise<T>) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx = withSavepoints(
          async (text, params) => (await client.query(pgQuery(text, params))).rows,
          async (text) => pgRows(await client.query(text)),
          memo,
        );
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
    poolUse: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
  };
}

/**
 * One PostgreSQL connection as a Queryable, for work that must stay on one connection (a restore in one
 * transaction): its transactions are savepoints inside the caller's.
 */
export function queryableOf(client: pg.ClientBase): Queryable {
  return withSavepoints(
    async (text, params) => (await client.query(pgQuery(text, params))).rows,
    async (text) => pgRows(await client.query(text)),
    new Memo(),
  );
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
