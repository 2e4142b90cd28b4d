/**
 * Prints the plans of the main lead list queries on a table of generated leads, as markdown
 * (the body of docs/query-plans.md):
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx apps/server/src/modules/leads/print-query-plans.ts [rows]
 *
 * Without DATABASE_URL it runs on an in-memory PGlite. On PostgreSQL it works in the schema
 * `lead_query_plans`, dropped at the end.
 */
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../../db/client';
import { migrate } from '../../db/migrate';
import { ensureSharedExtensions } from '../../db/shared-extensions';
import { explainText, generateLeads, mainListQueries } from './lead-query-plans';

const rows = Number(process.argv[2] ?? 50_000);
const url = process.env.DATABASE_URL;
const schema = 'lead_query_plans';

async function main() {
  let db: Database;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await ensureSharedExtensions(admin);
    await admin.end();
    db = openPostgres(url, { searchPath: `${schema},public`, max: 2 });
  } else {
    db = await openPglite(undefined);
  }
  try {
    await migrate(db);
    await generateLeads(db, rows);
    const [v] = await db.query<{ version: string }>('SELECT version()');
    const [n] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM leads');
    console.log(`Server: ${v.version}\n\nRows in leads: ${n.n}\n`);
    for (const [i, c] of mainListQueries.entries()) {
      const pairs: [string, string][] = Object.entries(c.query).flatMap(([k, val]) =>
        (Array.isArray(val) ? val : [val]).map((x): [string, string] => [k, x]),
      );
      const who = c.scope === 'admin' ? '' : ` as a ${c.scope} user`;
      console.log(`### ${c.title}\n`);
      console.log(
        `\`GET /api/v1/leads?${new URLSearchParams(pairs).toString()}\`${c.count ? ' (its `total`)' : ''}${who}\n`,
      );
      const plan = await explainText(db, c);
      console.log('```');
      // The tags and product lines of each row of the page are the same two sub-plans in every list
      // query: shown once, folded afterwards.
      console.log(i === 0 ? plan : foldSubPlans(plan));
      console.log('```\n');
    }
  } finally {
    await db.close();
    if (url) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  }
}

function foldSubPlans(plan: string) {
  const out: string[] = [];
  let depth: number | null = null;
  for (const line of plan.split('\n')) {
    const indent = line.length - line.trimStart().length;
    if (depth !== null && indent > depth) continue;
    depth = null;
    if (/^\s*SubPlan \d/.test(line)) {
      depth = indent;
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

await main();
