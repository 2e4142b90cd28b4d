import type { IntakeListQuery, IntakePatch } from '@leadline/contract';
import type { Database } from '../../db/client';
import { conflict, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { can } from '../access/policy';
import type { Principal } from '../access/principal';
import type { LeadHooks } from '../leads/lead-hooks';
import { processSubmission } from './form-lead';
import { createSubmissionsRepository } from './submissions.repository';

function assertAdmin(p: Principal) {
  if (!can(p, 'read', 'intake')) throw notFound('submission');
}

/**
 * The submissions of the public forms, above all those needing attention (`state=failed`): an
 * administrator reads why the lead rules refused one, corrects lead fields and retries it.
 */
export function createIntakeQueueService({ db, hooks }: { db: Database; hooks?: LeadHooks }) {
  const get = async (id: string) => {
    const s = await createSubmissionsRepository(db).get(id);
    if (!s) throw notFound('submission');
    return s;
  };
  return {
    async list(p: Principal, query: IntakeListQuery) {
      assertAdmin(p);
      return createSubmissionsRepository(db).list(query);
    },

    async get(p: Principal, id: string) {
      assertAdmin(p);
      return get(id);
    },

    /** Corrections replace the previous ones; a submission already turned into a lead is closed. */
    async update(p: Principal, id: string, input: IntakePatch, version: number | undefined) {
      assertAdmin(p);
      await db.transaction(async (tx) => {
        const repo = createSubmissionsRepository(tx);
        if (!(await repo.lock(id))) throw notFound('submission');
        const current = (await repo.get(id))!;
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        if (current.state === 'done') throw conflict('This submission is already a lead.', 'submission_done');
        await repo.setCorrections(id, input.corrections);
      });
      return get(id);
    },

    /** Runs the lead rules again (with the form's current defaults and the corrections). */
    async retry(p: Principal, id: string) {
      assertAdmin(p);
      const current = await get(id);
      if (current.state === 'done') throw conflict('This submission is already a lead.', 'submission_done');
      await processSubmission(db, id, hooks);
      return get(id);
    },

    /**
     * Submissions stored by a process that stopped before turning them into leads (run at start):
     * turned into leads now, a batch at a time.
     */
    async resumeStalled(olderThanSeconds = 0) {
      let count = 0;
      for (;;) {
        const ids = await createSubmissionsRepository(db).stalled(olderThanSeconds, 200);
        for (const id of ids) await processSubmission(db, id, hooks);
        count += ids.length;
        if (ids.length < 200) return count;
      }
    },
  };
}
export type IntakeQueueService = ReturnType<typeof createIntakeQueueService>;
