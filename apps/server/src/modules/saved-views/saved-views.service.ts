import type { SavedViewCreate, SavedViewPatch } from '@leadline/contract';
import type { Database } from '../../db/client';
import { fieldError, forbidden, invalid, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { keysetOf, ownValues, pageOf, withTotal } from '../../lib/pagination';
import { isAdmin, isCrmUser } from '../access/policy';
import type { Principal } from '../access/principal';
import { createSavedViewsRepository, savedViewSortColumns } from './saved-views.repository';

/**
 * Saved views of the lead list. A user sees their own views and every shared one; only the owner changes
 * a view, and a crm_admin may also delete a shared one. Partner users keep views of their own only: they
 * neither see nor publish shared ones, which CRM users build over leads partners do not see.
 */
export function createSavedViewsService({ db }: { db: Database }) {
  const mayShare = (p: Principal) => isCrmUser(p);

  return {
    async list(p: Principal, query: { limit: number; cursor?: string; sort?: string; count?: boolean }) {
      const k = keysetOf(query, savedViewSortColumns, 'name', 'v.id');
      const repo = createSavedViewsRepository(db);
      const rows = await repo.list(p.userId, mayShare(p), k);
      return withTotal(pageOf(rows, k, ownValues), query, () => repo.count(p.userId, mayShare(p)));
    },

    async create(p: Principal, input: SavedViewCreate) {
      if (input.shared && !mayShare(p))
        throw invalid([fieldError('shared', 'not_allowed', 'partner users may not share a view')]);
      return db.transaction((tx) => createSavedViewsRepository(tx).insert(p.userId, input));
    },

    async update(p: Principal, id: string, input: SavedViewPatch, expected?: number) {
      return db.transaction(async (tx) => {
        const repo = createSavedViewsRepository(tx);
        const view = await repo.get(id, true);
        if (!view || (view.ownerId !== p.userId && !(view.shared && mayShare(p))))
          throw notFound('saved view');
        if (view.ownerId !== p.userId) throw forbidden('Only the owner changes a saved view.');
        if (expected !== undefined && expected !== view.version) throw staleVersion(view.version);
        if (input.shared && !mayShare(p))
          throw invalid([fieldError('shared', 'not_allowed', 'partner users may not share a view')]);
        return repo.update(id, {
          name: input.name ?? view.name,
          shared: input.shared ?? view.shared,
          definition: input.definition ?? view.definition,
        });
      });
    },

    async remove(p: Principal, id: string) {
      await db.transaction(async (tx) => {
        const repo = createSavedViewsRepository(tx);
        const view = await repo.get(id, true);
        if (!view || (view.ownerId !== p.userId && !(view.shared && mayShare(p))))
          throw notFound('saved view');
        if (view.ownerId !== p.userId && !isAdmin(p)) throw forbidden('Only the owner deletes a saved view.');
        await repo.remove(id);
      });
    },
  };
}
export type SavedViewsService = ReturnType<typeof createSavedViewsService>;
