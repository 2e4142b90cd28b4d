/**
 * Messaging throughput: `npm run bench:messaging --workspace bench -- [--db pglite|postgres] [--leads N] [--events N]`
 * (postgres: DATABASE_URL or postgres://postgres@127.0.0.1:5432/test, in a schema of its own, dropped after).
 *
 * 1. A communication rule on "enters status X" while N leads are moved into X by the bulk action (500 per
 *    request): messages queued per second, each message row, timeline entry and outbox row written in the
 *    transaction of the move.
 * 2. Webhook deliveries to a local HTTP receiver: N lead changes each queue a signed delivery; deliveries
 *    per second from the first change to the last 2xx received.
 * Small defaults (2,000 leads, 300 events) keep a run short; the figure is --leads 10000.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../../apps/server/src/config';
import { openPglite, openPostgres, type Database, type Queryable } from '../../apps/server/src/db/client';
import { createLogger } from '../../apps/server/src/lib/logger';
import type { Principal } from '../../apps/server/src/modules/access/principal';
import { seedCatalog, validLead } from '../../apps/server/src/modules/leads/lead-fixtures';
import { startRuntime } from '../../apps/server/src/runtime';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    leads: { type: 'string', default: '2000' },
    events: { type: 'string', default: '300' },
  },
});
const leadCount = Number(args.leads);
const eventCount = Number(args.events);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts the statements sent through `q` and its transactions (BEGIN/COMMIT and savepoints as two). */
const statements = { n: 0 };
function counting<Q extends Queryable>(q: Q): Q {
  return new Proxy(q, {
    get(target, prop) {
      if (prop === 'query' || prop === 'exec')
        return (...args: unknown[]) => {
          statements.n += 1;
          return (target[prop] as (...a: unknown[]) => unknown)(...args);
        };
      if (prop === 'transaction')
        return (fn: (tx: Queryable) => Promise<unknown>) => {
          statements.n += 2;
          return target.transaction((tx) => fn(counting(tx)));
        };
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function main() {
  let db: Database;
  let drop: (() => Promise<void>) | undefined;
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `llbench_msg_${randomBytes(4).toString('hex')}`;
  if (args.db === 'postgres') {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.end();
    db = openPostgres(url, { searchPath: `${schema},public`, max: 5 });
    drop = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(
        `DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_boss" CASCADE`,
      );
      await c.end();
    };
  } else db = await openPglite(undefined);
  const config = loadConfig({
    LOG_LEVEL: 'fatal',
    LEADLINE_WEB_DIR: '/nonexistent',
    LEADLINE_ADMIN_EMAIL: 'admin@bench.test',
    LEADLINE_ADMIN_PASSWORD: 'bench-admin-password',
    ...(args.db === 'postgres' ? { DATABASE_URL: url } : {}),
  });
  db = counting(db);
  const rt = await startRuntime(config, {
    db,
    log: createLogger('fatal'),
    bossSchema: args.db === 'postgres' ? `${schema}_boss` : undefined,
    jobPollingSeconds: 0.5,
  });
  const s = rt.app.services;
  const [adminRow] = await db.query<{ id: string; name: string }>(
    `SELECT id, name FROM users WHERE email = 'admin@bench.test'`,
  );
  const admin: Principal = {
    userId: adminRow.id,
    name: adminRow.name,
    email: 'admin@bench.test',
    roles: ['crm_admin'],
    unitIds: [],
    partnerCompanyId: null,
    via: 'session',
  };
  const catalog = await seedCatalog(db);
  const target = (
    await db.query<{ id: string }>(
      `SELECT id FROM lead_statuses WHERE phase = 'in_progress' ORDER BY position LIMIT 1`,
    )
  )[0].id;

  // 1. A rule firing on N leads entering a status.
  const tpl = await s.templates.create(admin, {
    name: 'Welcome',
    channel: 'email',
    subject: 'Hello {{ contact.firstName }}',
    body: '<p>{{ lead.name }} is now being worked on.</p>',
  });
  await s.communicationRules.create(admin, {
    name: 'On status',
    event: 'status_entered',
    statusId: target,
    templateId: tpl.id,
    recipient: 'contact',
    active: true,
  });
  const ids: string[] = [];
  for (let i = 0; i < leadCount; i += 500) {
    const items = Array.from({ length: Math.min(500, leadCount - i) }, (_, k) =>
      validLead(catalog, { name: `Bench lead ${i + k}`, emails: [`lead${i + k}@customer.test`] }),
    );
    const { results } = await s.leads.createBatch(admin, items);
    for (const r of results) if (r.lead) ids.push(r.lead.id);
  }
  statements.n = 0;
  const t0 = performance.now();
  for (let i = 0; i < ids.length; i += 500)
    await s.leadActions.bulk(admin, {
      ids: ids.slice(i, i + 500),
      action: 'move',
      params: { statusId: target },
    });
  const seconds = (performance.now() - t0) / 1000;
  const sent = statements.n;
  const [{ n: queued }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM lead_messages');
  console.log(
    `rule on entering a status: ${ids.length} leads moved, ${queued} messages queued in ${seconds.toFixed(1)} s = ${Math.round(queued / seconds)} messages/s; ${(sent / Math.max(queued, 1)).toFixed(1)} SQL statements per lead moved and message queued`,
  );

  // 2. Webhook deliveries to a local receiver.
  let received = 0;
  let lastAt = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      lastAt = performance.now();
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  await s.settings.update(admin, { webhooksAllowPrivateNetworks: true }, undefined);
  await s.webhooks.create(admin, {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    events: ['lead.updated'],
    active: true,
  });
  const w0 = performance.now();
  for (let i = 0; i < eventCount; i++) {
    const lead = await s.leads.get(admin, ids[i % ids.length]);
    await s.leads.update(admin, lead.id, { description: `change ${i}` }, lead.version);
  }
  const until = Date.now() + 120_000;
  while (received < eventCount && Date.now() < until) await sleep(100);
  const wSeconds = ((lastAt || performance.now()) - w0) / 1000;
  console.log(
    `webhooks: ${received}/${eventCount} deliveries in ${wSeconds.toFixed(1)} s = ${(received / wSeconds).toFixed(1)} deliveries/s`,
  );
  receiver.close();
  await rt.close();
  await db.close().catch(() => {});
  await drop?.();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
