import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { WebhookCreate, WebhookPatch } from '@leadline/contract';
import type { Database } from '../../db/client';
import { AppError, forbidden, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import type { Jobs } from '../../jobs/queue';
import { memoTransaction } from '../../lib/memo';
import { isAdmin } from '../access/policy';
import type { Principal } from '../access/principal';
import { WEBHOOK_JOB } from './webhook-outbox';
import { createWebhooksRepository } from './webhooks.repository';

/** Webhooks carry lead data to other systems: administrators only. */
const requireAdmin = (p: Principal) => {
  if (!isAdmin(p)) throw forbidden('Only an administrator manages webhooks.');
};

function pageCursor(cursor: string | undefined): [string, string] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      !Number.isNaN(Date.parse(String(v[0]))) &&
      /^[0-9a-f-]{36}$/i.test(String(v[1]))
    )
      return [String(v[0]), String(v[1])];
  } catch {
    // answered below
  }
  throw new AppError('bad_request', 400, 'The cursor is not valid; start again from the first page.', [
    { field: 'cursor', code: 'invalid', message: 'is not a cursor of this list' },
  ]);
}

export function createWebhooksService({ db, jobs }: { db: Database; jobs?: Pick<Jobs, 'send'> }) {
  // Which events are listened to is kept between requests: every change of the webhooks empties it.
  const write = memoTransaction(db);
  return {
    async list(p: Principal, query: { limit: number; cursor?: string }) {
      requireAdmin(p);
      const after = query.cursor && /^[0-9a-f-]{36}$/i.test(query.cursor) ? query.cursor : null;
      if (query.cursor && !after)
        throw new AppError('bad_request', 400, 'The cursor is not valid.', [
          { field: 'cursor', code: 'invalid', message: 'is not a cursor of this list' },
        ]);
      const rows = await createWebhooksRepository(db).list(after, query.limit);
      const more = rows.length > query.limit;
      const items = more ? rows.slice(0, query.limit) : rows;
      return { items, nextCursor: more ? items[items.length - 1].id : null };
    },
    async get(p: Principal, id: string) {
      requireAdmin(p);
      const w = await createWebhooksRepository(db).get(id);
      if (!w) throw notFound('webhook');
      return w;
    },
    async create(p: Principal, input: z.infer<typeof WebhookCreate>) {
      requireAdmin(p);
      const secret = `whsec_${randomBytes(24).toString('base64')}`;
      const w = await write((tx) =>
        createWebhooksRepository(tx).insert({
          url: input.url,
          events: [...new Set(input.events)],
          active: input.active,
          secret,
        }),
      );
      return { ...w, secret };
    },
    async update(p: Principal, id: string, input: z.infer<typeof WebhookPatch>, version?: number) {
      requireAdmin(p);
      return write(async (tx) => {
        const repo = createWebhooksRepository(tx);
        const w = await repo.get(id, true);
        if (!w) throw notFound('webhook');
        if (version !== undefined && version !== w.version) throw staleVersion(w.version);
        return repo.update(id, {
          url: input.url ?? w.url,
          events: input.events ? [...new Set(input.events)] : w.events,
          active: input.active ?? w.active,
        });
      });
    },
    async remove(p: Principal, id: string) {
      requireAdmin(p);
      await write(async (tx) => {
        const repo = createWebhooksRepository(tx);
        if (!(await repo.get(id, true))) throw notFound('webhook');
        await repo.remove(id);
      });
    },
    async deliveries(p: Principal, id: string, query: { limit: number; cursor?: string }) {
      requireAdmin(p);
      const repo = createWebhooksRepository(db);
      if (!(await repo.get(id))) throw notFound('webhook');
      const rows = await repo.deliveries(id, pageCursor(query.cursor), query.limit);
      const more = rows.length > query.limit;
      const items = more ? rows.slice(0, query.limit) : rows;
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: more
          ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url')
          : null,
      };
    },
    /** Sends a delivery again now, with the same webhook-id; 409 while an attempt is in progress. */
    async redeliver(p: Principal, id: string, deliveryId: string) {
      requireAdmin(p);
      return db.transaction(async (tx) => {
        const repo = createWebhooksRepository(tx);
        const d = await repo.delivery(deliveryId);
        if (!d || d.webhookId !== id) throw notFound('delivery');
        if (!(await repo.reopen(deliveryId)))
          throw new AppError('delivering', 409, 'This delivery is being attempted right now.');
        if (!jobs) throw new Error('webhooks were set up without a job queue');
        await jobs.send(WEBHOOK_JOB, { id: deliveryId }, { tx });
        return (await repo.delivery(deliveryId))!;
      });
    },
  };
}
export type WebhooksService = ReturnType<typeof createWebhooksService>;
