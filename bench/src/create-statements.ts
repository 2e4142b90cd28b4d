/**
 * What a create costs, statement by statement: creates through the leads service of the running
 * application (what `POST /api/v1/leads` calls, with its hooks) one after the other, with a wrapper
 * around the driver timing each statement, then `EXPLAIN ANALYZE` of the lead's INSERT (with its
 * triggers' time) and of the duplicate check in a transaction rolled back. The leads it wrote are
 * deleted at the end. Uses (or generates) the data set of `npm run bench` at this size:
 *
 *   npx tsx bench/src/create-statements.ts --size 100000 [--db pglite] [--creates 200]
 */
import { parseArgs } from 'node:util';
import type { Database, Queryable, Statement } from '../../apps/server/src/db/client';
import { loadConfig } from '../../apps/server/src/config';
import { createLogger } from '../../apps/server/src/lib/logger';
import type { Principal } from '../../apps/server/src/modules/access/principal';
import { startRuntime } from '../../apps/server/src/runtime';
import { openBenchDatabase, type DbKind } from './databases';
import { FIRST_NAMES, LAST_NAMES, uuidOf } from './pools';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    db: { type: 'string', default: 'postgres' },
    creates: { type: 'string', default: '200' },
  },
});
const bench = await openBenchDatabase(args.db as DbKind, Number(args.size));
const db = bench.db;

/** Each statement's text (its first words) with its total time and calls. */
const byStatement = new Map<string, { ms: number; calls: number; text: string; params: unknown[] }>();
const label = (text: string) =>
  text.includes('INSERT INTO leads')
    ? 'INSERT lead (+ contact, tags, lines, event)'
    : text.includes('cand AS (')
      ? 'likely duplicates'
      : text.replace(/\s+/g, ' ').trim().slice(0, 90);

function timed(q: Queryable): Queryable {
  const wrap = (inner: Queryable): Queryable => ({
    memo: inner.memo,
    exec: (text) => inner.exec(text),
    async query<R>(text: string | Statement, params?: readonly unknown[]) {
      const t0 = performance.now();
      const rows = await inner.query<R>(text, params);
      const sql = typeof text === 'string' ? text : text.text;
      const s = byStatement.get(label(sql)) ?? { ms: 0, calls: 0, text: sql, params: [] };
      s.ms += performance.now() - t0;
      s.calls += 1;
      s.params = [...(params ?? [])];
      byStatement.set(label(sql), s);
      return rows;
    },
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => {
      const t0 = performance.now();
      return inner
        .transaction((tx) => fn(wrap(tx)))
        .finally(() => {
          const s = byStatement.get('(transaction, BEGIN to COMMIT)') ?? {
            ms: 0,
            calls: 0,
            text: '',
            params: [],
          };
          s.ms += performance.now() - t0;
          s.calls += 1;
          byStatement.set('(transaction, BEGIN to COMMIT)', s);
        });
    },
  });
  return wrap(q);
}

// The application as the server runs it (its hooks on lead changes included), over the timed driver.
const rt = await startRuntime(
  loadConfig({
    LOG_LEVEL: 'fatal',
    LEADLINE_WEB_DIR: '/nonexistent',
    HOST: '127.0.0.1',
    PORT: '0',
    ...(bench.url ? { DATABASE_URL: bench.url } : {}),
  }),
  {
    db: { ...db, ...timed(db), kind: db.kind, describe: db.describe, close: async () => {} } as Database,
    log: createLogger('fatal'),
    bossSchema: bench.bossSchema,
  },
);
byStatement.clear();
const adminId = (await db.query<{ id: string }>(`SELECT ${uuidOf('u', '0')} AS id`))[0].id;
const admin: Principal = {
  userId: adminId,
  name: 'Bench admin',
  email: null,
  roles: ['crm_admin'],
  unitIds: [],
  partnerCompanyId: null,
  via: 'token',
};
const [source] = await db.query<{ id: string }>('SELECT id FROM lead_sources ORDER BY position, id LIMIT 1');
const [direction] = await db.query<{ id: string }>(
  'SELECT id FROM sales_directions ORDER BY position, id LIMIT 1',
);
const [{ now: started }] = await db.query<{ now: Date }>('SELECT now()');
const service = rt.app.services.leads;
const n = Number(args.creates);
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const first = FIRST_NAMES[(i * 7) % FIRST_NAMES.length];
  // Every other lead a name nobody has (the costly case of the old nearest-names walk).
  const last = i % 2 ? LAST_NAMES[(i * 13) % LAST_NAMES.length] : `Zqx${i}vel`;
  await service.create(admin, {
    name: `${first} ${last}`,
    sourceId: source.id,
    salesDirectionId: direction.id,
    prospectType: 'person',
    newContact: true,
    firstName: first,
    lastName: last,
    emails: [`${first}.${last}.${i}@example.com`.toLowerCase()],
    phones: [`+33 6 ${String(10000000 + i * 7919).slice(-8)}`],
  } as Parameters<typeof service.create>[1]);
}
const total = performance.now() - t0;
console.log(`${n} creates in a row on ${db.describe}: ${(total / n).toFixed(2)} ms each`);
for (const [name, s] of [...byStatement].sort((a, b) => b[1].ms - a[1].ms))
  console.log(
    `  ${(s.ms / n).toFixed(3).padStart(8)} ms/create  ${String(s.calls).padStart(5)} calls  ${name}`,
  );

// The INSERT's plan with its triggers (report figures, 0810/0820) and the duplicate check's, rolled back.
for (const name of ['INSERT lead (+ contact, tags, lines, event)', 'likely duplicates']) {
  const s = byStatement.get(name);
  if (!s) continue;
  await db
    .transaction(async (tx) => {
      const plan = await tx.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS, TIMING) ${s.text}`,
        s.params,
      );
      console.log(`\n${name}:`);
      for (const r of plan) {
        const line = r['QUERY PLAN'];
        if (/Trigger|Execution Time|Planning Time|^\s*Buffers|Index Scan|Bitmap|Insert on/.test(line))
          console.log(`  ${line}`);
      }
      throw new Error('rollback');
    })
    .catch((e: Error) => {
      if (e.message !== 'rollback') throw e;
    });
}

await rt.close();
await db.query('DELETE FROM leads WHERE created_at >= $1', [started]);
await db.query(
  `DELETE FROM contacts c WHERE c.created_at >= $1 AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.contact_id = c.id)`,
  [started],
);
await bench.close();
