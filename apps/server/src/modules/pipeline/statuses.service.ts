import type { z } from 'zod';
import type {
  DisqualificationCodeCreate,
  DisqualificationCodePatch,
  LeadStatusCreate,
  LeadStatusPatch,
} from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { memoTransaction } from '../../lib/memo';
import { conflict, fieldError, invalid, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { authorize } from '../access/policy';
import type { Principal } from '../access/principal';
import { readSettings } from '../settings/settings.service';
import { createStatusesRepository } from './statuses.repository';

const defaultKeys = [
  'defaultNewStatusId',
  'defaultWonStatusId',
  'defaultLostStatusId',
  'defaultDroppedStatusId',
] as const;

/**
 * Pipeline configuration: statuses (each in one fixed phase, ordered, retired rather than deleted once
 * used) and disqualification codes. Only crm_admin changes them; every CRM user reads them.
 */
export function createStatusesService({ db }: { db: Database }) {
  const repo = createStatusesRepository(db);
  const getStatus = (q: Queryable, id: string) => createStatusesRepository(q).getStatus(id);
  const getCode = (q: Queryable, id: string) => createStatusesRepository(q).getCode(id);
  // Statuses are kept between requests (where new leads start): every change empties the memo.
  const change = memoTransaction(db);
  /** A status that settings name as a default must stay active and keep its phase. */
  const defaultRole = async (q: Queryable, id: string) => {
    const s = await readSettings(q);
    return defaultKeys.find((k) => s[k] === id);
  };

  return {
    async listStatuses(p: Principal, active?: boolean) {
      authorize(p, 'read', 'configuration');
      const items = await repo.listStatuses(active);
      return { items, nextCursor: null, total: items.length };
    },
    async getStatus(p: Principal, id: string) {
      authorize(p, 'read', 'configuration');
      const s = await getStatus(db, id);
      if (!s) throw notFound('status');
      return s;
    },
    async createStatus(p: Principal, input: z.infer<typeof LeadStatusCreate>) {
      authorize(p, 'create', 'configuration');
      return change(async (tx) => {
        const r = createStatusesRepository(tx);
        if (await r.nameTaken('lead_statuses', input.name))
          throw invalid([fieldError('name', 'taken', 'another status has this name')]);
        const id = await r.insertStatus(input);
        return (await getStatus(tx, id))!;
      });
    },
    async updateStatus(
      p: Principal,
      id: string,
      input: z.infer<typeof LeadStatusPatch>,
      version: number | undefined,
    ) {
      authorize(p, 'update', 'configuration');
      return change(async (tx) => {
        const current = await getStatus(tx, id);
        if (!current) throw notFound('status');
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        const errors = [];
        if (input.name && (await createStatusesRepository(tx).nameTaken('lead_statuses', input.name, id))) {
          errors.push(fieldError('name', 'taken', 'another status has this name'));
        }
        if (input.phase && input.phase !== current.phase) {
          // Leads carry their status's phase; moving a used status to another phase would rewrite history.
          if (current.inUse)
            errors.push(fieldError('phase', 'in_use', 'the phase of a status in use cannot change'));
          if (await defaultRole(tx, id))
            errors.push(fieldError('phase', 'default_status', 'this status is a default in the settings'));
        }
        if (input.active === false && (await defaultRole(tx, id))) {
          errors.push(
            fieldError(
              'active',
              'default_status',
              'a default status of the settings cannot be retired; choose another default first',
            ),
          );
        }
        if (errors.length) throw invalid(errors);
        if (!(await createStatusesRepository(tx).updateStatus(id, input, version)))
          throw staleVersion(current.version);
        return (await getStatus(tx, id))!;
      });
    },
    /** Sets the order of the statuses: the listed ids first, in that order, the others after them. */
    async reorderStatuses(p: Principal, ids: string[]) {
      authorize(p, 'update', 'configuration');
      return change(async (tx) => {
        const r = createStatusesRepository(tx);
        const found = await r.existingStatusIds(ids);
        const errors = ids.flatMap((id, i) =>
          found.has(id) ? [] : [fieldError(`ids.${i}`, 'not_found', 'no such status')],
        );
        if (new Set(ids).size !== ids.length)
          errors.push(fieldError('ids', 'duplicate', 'each status may appear once'));
        if (errors.length) throw invalid(errors);
        await r.reorderStatuses(ids);
        const items = await r.allStatusesInOrder();
        return { items, nextCursor: null, total: items.length };
      });
    },
    async deleteStatus(p: Principal, id: string) {
      authorize(p, 'delete', 'configuration');
      await change(async (tx) => {
        const current = await getStatus(tx, id);
        if (!current) throw notFound('status');
        if (current.inUse)
          throw conflict('The status is used by leads; retire it (active: false) instead.', 'status_in_use');
        if (await defaultRole(tx, id))
          throw conflict(
            'The status is a default in the settings; choose another default first.',
            'default_status',
          );
        await createStatusesRepository(tx).deleteStatus(id);
      });
    },

    async listCodes(p: Principal, active?: boolean) {
      authorize(p, 'read', 'configuration');
      const items = await repo.listCodes(active);
      return { items, nextCursor: null, total: items.length };
    },
    async getCode(p: Principal, id: string) {
      authorize(p, 'read', 'configuration');
      const c = await getCode(db, id);
      if (!c) throw notFound('disqualification code');
      return c;
    },
    async createCode(p: Principal, input: z.infer<typeof DisqualificationCodeCreate>) {
      authorize(p, 'create', 'configuration');
      return change(async (tx) => {
        const r = createStatusesRepository(tx);
        if (await r.nameTaken('disqualification_codes', input.name)) {
          throw invalid([fieldError('name', 'taken', 'another code has this name')]);
        }
        const id = await r.insertCode(input);
        return (await getCode(tx, id))!;
      });
    },
    async updateCode(
      p: Principal,
      id: string,
      input: z.infer<typeof DisqualificationCodePatch>,
      version: number | undefined,
    ) {
      authorize(p, 'update', 'configuration');
      return change(async (tx) => {
        const current = await getCode(tx, id);
        if (!current) throw notFound('disqualification code');
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        if (
          input.name &&
          (await createStatusesRepository(tx).nameTaken('disqualification_codes', input.name, id))
        ) {
          throw invalid([fieldError('name', 'taken', 'another code has this name')]);
        }
        await createStatusesRepository(tx).updateCode(id, input);
        return (await getCode(tx, id))!;
      });
    },
    async deleteCode(p: Principal, id: string) {
      authorize(p, 'delete', 'configuration');
      await change(async (tx) => {
        if (!(await getCode(tx, id))) throw notFound('disqualification code');
        if (await createStatusesRepository(tx).codeInUse(id))
          throw conflict('The code is used by leads; retire it (active: false) instead.', 'code_in_use');
        await createStatusesRepository(tx).deleteCode(id);
      });
    },
  };
}
export type StatusesService = ReturnType<typeof createStatusesService>;
