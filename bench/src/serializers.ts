/**
 * `npx tsx bench/src/serializers.ts [size]`: the cost of writing a page of 50 leads and one lead as JSON,
 * zod's parse + JSON.stringify (what the routes did) against the serialiser compiled from the contract
 * (http/serialize.ts), best of 15 rounds, on the PostgreSQL bench data of that size (`npm run bench` first).
 */
import { serializerCompiler } from 'fastify-type-provider-zod';
import { Lead, page } from '@leadline/contract';
import { openPostgres } from '../../apps/server/src/db/client';
import { createLeadsRepository } from '../../apps/server/src/modules/leads/leads.repository';
import { contractSerializerCompiler } from '../../apps/server/src/http/serialize';
const size = Number(process.argv[2] ?? 20000);
const db = openPostgres(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test', {
  searchPath: `bench_${size},public`,
});
const ids = (await db.query<{ id: string }>('SELECT id FROM leads ORDER BY updated_at DESC LIMIT 50')).map(
  (r) => r.id,
);
const repo = createLeadsRepository(db);
const items: Lead[] = [];
for (const id of ids) items.push((await repo.get(id))!);
const data = { items, nextCursor: 'abc' };
const route = { schema: page(Lead), method: 'GET', url: '/x', httpStatus: '200' };
const zod = serializerCompiler(route as never);
const fast = contractSerializerCompiler({ check: false })(route as never);
const one = { schema: Lead, method: 'GET', url: '/y', httpStatus: '200' };
const zod1 = serializerCompiler(one as never);
const fast1 = contractSerializerCompiler({ check: false })(one as never);
fast(data);
fast1(items[0]);
const time = (f: () => unknown, n: number) => {
  const t = performance.now();
  for (let i = 0; i < n; i++) f();
  return (performance.now() - t) / n;
};
const best = { zod: 1e9, fast: 1e9, json: 1e9, zod1: 1e9, fast1: 1e9 };
for (let round = 0; round < 15; round++) {
  best.zod = Math.min(
    best.zod,
    time(() => zod(data), 30),
  );
  best.fast = Math.min(
    best.fast,
    time(() => fast(data), 30),
  );
  best.json = Math.min(
    best.json,
    time(() => JSON.stringify(data), 30),
  );
  best.zod1 = Math.min(
    best.zod1,
    time(() => zod1(items[0]), 500),
  );
  best.fast1 = Math.min(
    best.fast1,
    time(() => fast1(items[0]), 500),
  );
}
console.log(
  `page of 50: zod + JSON.stringify ${best.zod.toFixed(3)} ms, compiled ${best.fast.toFixed(3)} ms (JSON.stringify alone ${best.json.toFixed(3)} ms); ` +
    `one lead: zod ${(best.zod1 * 1000).toFixed(1)} µs, compiled ${(best.fast1 * 1000).toFixed(1)} µs`,
);
console.log(`the same bytes: ${zod(data) === fast(data)} (${zod(data).length} bytes)`);
await db.close();
