/**
 * Extensions belong to a database, not to a schema. When several Leadline schemas share one database
 * (tests, benchmarks), pg_trgm must live in `public`, which every schema's search path includes: created
 * inside the first schema that migrates, it would vanish with that schema and be invisible to the others.
 */
export async function ensureSharedExtensions(client: {
  query(text: string): Promise<{ rows: { schema: string }[] }>;
}) {
  const { rows } = await client.query(
    `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.extname = 'pg_trgm'`,
  );
  if (rows.length === 0) await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
  else if (rows[0].schema !== 'public') await client.query('ALTER EXTENSION pg_trgm SET SCHEMA public');
}
