import type { CompanyCreate, CompanyListQuery, CompanyPatch } from '@leadline/contract';
import type { Database } from '../../db/client';
import type { Jobs } from '../../jobs/queue';
import { conflict, forbidden, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { isCrmUser } from '../access/policy';
import type { Principal } from '../access/principal';
import { prepareCompany } from './companies';
import { COMPANY_RENAMED, type CompanyRenamed } from './events';
import { createCompaniesRepository } from './companies.repository';

const isForeignKeyViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23503';

/** Companies are worked by every CRM role; partner users see nothing of them (their own is on /me). */
export function createCompaniesService({ db, jobs }: { db: Database; jobs?: Pick<Jobs, 'send'> }) {
  const repo = createCompaniesRepository(db);
  const requireCrm = (p: Principal) => {
    if (!isCrmUser(p)) throw forbidden('Companies are for CRM users.');
  };
  // For a single record a partner user is told it does not exist, as for any record they may not see.
  const requireCrmForRecord = (p: Principal) => {
    if (!isCrmUser(p)) throw notFound('company');
  };

  return {
    async list(p: Principal, query: CompanyListQuery) {
      requireCrm(p);
      return repo.list({ q: query.q, type: query.type, active: query.active }, query);
    },

    async get(p: Principal, id: string) {
      requireCrmForRecord(p);
      const company = await repo.get(id);
      if (!company) throw notFound('company');
      return company;
    },

    async create(p: Principal, input: CompanyCreate) {
      requireCrm(p);
      return db.transaction(async (tx) => {
        const r = createCompaniesRepository(tx);
        const id = await r.insert(await prepareCompany(tx, input), p.userId);
        return (await r.get(id))!;
      });
    },

    async update(p: Principal, id: string, input: CompanyPatch, version: number | undefined) {
      requireCrmForRecord(p);
      return db.transaction(async (tx) => {
        const r = createCompaniesRepository(tx);
        const current = await r.get(id);
        if (!current) throw notFound('company');
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        const values = await prepareCompany(tx, input, current);
        if (!(await r.update(id, values, current.version))) throw staleVersion(current.version + 1);
        const updated = (await r.get(id))!;
        // Leads are found by their company's name: a rename reaches their search text through a job,
        // queued only if this change commits.
        if (updated.name !== current.name) {
          if (!jobs) throw new Error('the companies service was built without a job queue');
          await jobs.send<CompanyRenamed>(COMPANY_RENAMED, { companyId: id }, { tx });
        }
        return updated;
      });
    },

    async remove(p: Principal, id: string) {
      requireCrmForRecord(p);
      try {
        await db.transaction(async (tx) => {
          if (!(await createCompaniesRepository(tx).remove(id))) throw notFound('company');
        });
      } catch (err) {
        if (isForeignKeyViolation(err)) {
          throw conflict(
            'This company is referred to by contacts, leads, agreements or users; set active to false instead.',
            'in_use',
          );
        }
        throw err;
      }
    },
  };
}
export type CompaniesService = ReturnType<typeof createCompaniesService>;
