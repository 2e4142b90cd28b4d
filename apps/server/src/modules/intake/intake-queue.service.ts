import type { IntakeListQuery, IntakePatch } from '@leadline/contract';
import type { Database } from '../../db/client';
import { conflict, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { can } from '../access/policy';
import type { Principal } from '../access/principal';
import type { Logger } from '../../lib/logger';
import type { LeadHooks } from '../leads/lead-hooks';
import { processSubmission, processSubmissions } from './form-lead';
import { createSubmissionsRepository } from './submissions.repository';

function assertAdmin(p: Principal) {
  if (!can(p, 'read', 'intake')) throw notFound('submission');
}

/** Submissions turned into leads in one transaction at most. */
const BATCH = 100;
/** A batch starts once no submission came for this long, or MAX_GATHER_MS after it could have. */
const GATHER_MS = 20;
const MAX_GATHER_MS = 250;

/**
 * The submissions of the public forms, above all those needing attention (`state=failed`): an
 * administrator reads why the lead rules refused one, corrects lead fields and retries it. A submission
 * stored by a post is handed over here and made a lead after the answer, with those stored meanwhile.
 */
export function createIntakeQueueService({
  db,
  hooks,
  log,
}: {
  db: Database;
  hooks?: LeadHooks;
  log: Logger;
}) {
  const waiting: string[] = [];
  let draining: Promise<void> | null = null;

  /** Each submission alone: one the rules cannot handle stays stored, for a retry or the next start. */
  async function oneByOne(ids: string[]) {
    for (const id of ids)
      await processSubmission(db, id, hooks).catch((err: Error) =>
        log.error({ msg: err.message, submissionId: id }, 'a form submission waits for a retry'),
      );
  }

  /**
   * Waits while submissions keep coming (a burst), up to a quarter of a second: a batch costs much the
   * same for one submission as for fifty, and on the embedded database it holds the one connection.
   */
  async function gather() {
    const until = Date.now() + MAX_GATHER_MS;
    let seen = -1;
    while (waiting.length !== seen && waiting.length < BATCH && Date.now() < until) {
      seen = waiting.length;
      await new Promise((r) => setTimeout(r, GATHER_MS));
    }
  }

  // One batch at a time: the submissions stored while one runs go into the next.
  async function drain() {
    try {
      while (waiting.length > 0) {
        await gather();
        const ids = waiting.splice(0, BATCH);
        await processSubmissions(db, ids, hooks).catch(() => oneByOne(ids));
      }
    } finally {
      // In the same turn as the last look at `waiting`: a submission handed over later starts a drain.
      draining = null;
    }
  }

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

    /** Makes a stored submission a lead soon, with the others waiting. */
    enqueue(id: string) {
      waiting.push(id);
      // drain() waits (gather) before its first look, so it never ends before `draining` is set.
      draining ??= drain();
    },

    /** Resolves when every submission handed over so far has been dealt with (shutdown, tests). */
    async settled() {
      while (draining) await draining;
    },

    /**
     * Submissions stored by a process that stopped before turning them into leads (run at start):
     * turned into leads now, a batch at a time.
     */
    async resumeStalled(olderThanSeconds = 0) {
      const seen = new Set<string>();
      for (;;) {
        const ids = await createSubmissionsRepository(db).stalled(olderThanSeconds, BATCH);
        // Those the rules could not handle are still there: they wait for a retry, not for this loop.
        if (ids.every((id) => seen.has(id))) return seen.size;
        for (const id of ids) seen.add(id);
        await processSubmissions(db, ids, hooks).catch(() => oneByOne(ids));
        if (ids.length < BATCH) return seen.size;
      }
    },
  };
}
export type IntakeQueueService = ReturnType<typeof createIntakeQueueService>;
