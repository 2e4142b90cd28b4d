import type { DuplicateCheck, DuplicateScan } from '@leadline/contract';
import { normalizeEmails, normalizePhones, splitList } from '../../lib/contact-points';
import { trimOrNull } from '../../lib/text';
import type { Database } from '../../db/client';
import { authorizeLeadList } from '../access/lead-policy';
import type { Principal } from '../access/principal';
import { leadContextOf } from '../leads/lead-context';
import { visibleLead } from '../leads/leads.service';
import { notFound } from '../../http/errors';
import { isCrmUser } from '../access/policy';
import { createCompaniesRepository } from '../companies/companies.repository';
import { createContactsRepository } from '../contacts/contacts.repository';
import { readSettings } from '../settings/settings.service';
import { companyDuplicateWeights } from './duplicate-score';
import { findDuplicates, rankDuplicates } from './find-duplicates';
import { createRecordDuplicatesRepository } from './record-duplicates.repository';
import { createDuplicatesRepository } from './duplicates.repository';
import type { Jobs } from '../../jobs/queue';
import type { DuplicateScanCreate, ListQuery } from '@leadline/contract';
import {
  createScansRepository,
  ownScan,
  scanDuplicates,
  scanGroupsPage,
  scanRunOf,
  startScan,
  syncScanLimit,
} from './scan-duplicates';

/** Contacts and companies have no number; their candidates answer without one. */
const withoutNumber = <T extends { number: string }>(items: T[]): Omit<T, 'number'>[] =>
  items.map(({ number: _n, ...c }) => c);

export function createDuplicatesService({ db, jobs }: { db: Database; jobs?: Pick<Jobs, 'send'> }) {
  const records = createRecordDuplicatesRepository(db);
  return {
    async ofContact(p: Principal, id: string) {
      const contact = isCrmUser(p) ? await createContactsRepository(db).get(id) : undefined;
      if (!contact || contact.mergedIntoId) throw notFound('contact');
      const { duplicateThreshold } = await readSettings(db);
      const rows = await records.contactCandidates(contact);
      return { items: withoutNumber(rankDuplicates(rows, duplicateThreshold)) };
    },

    async ofCompany(p: Principal, id: string) {
      const company = isCrmUser(p) ? await createCompaniesRepository(db).get(id) : undefined;
      if (!company || company.mergedIntoId) throw notFound('company');
      const { duplicateThreshold } = await readSettings(db);
      const rows = await records.companyCandidates(company);
      return { items: withoutNumber(rankDuplicates(rows, duplicateThreshold, companyDuplicateWeights)) };
    },

    async ofLead(p: Principal, id: string) {
      const { scope, settings } = await leadContextOf(db, p);
      const lead = await visibleLead(db, scope, id);
      return { items: await findDuplicates(db, scope, lead, settings.duplicateThreshold) };
    },

    /**
     * Likely duplicates of a lead still being typed (the form's panel): the same engine on what was typed
     * so far; an e-mail or phone not complete yet is left out rather than refused.
     */
    async check(p: Principal, input: DuplicateCheck) {
      const { scope, settings } = await leadContextOf(db, p);
      authorizeLeadList(scope);
      const valid = <T>(field: string, items: string[], norm: (f: string, v: string) => { values: T[] }) =>
        items.flatMap((v) => norm(field, v).values);
      const probe = {
        // No lead has the nil id: every visible lead may be a candidate.
        id: '00000000-0000-0000-0000-000000000000',
        firstName: trimOrNull(input.firstName ?? null),
        lastName: trimOrNull(input.lastName ?? null),
        emails: valid('emails', splitList(input.emails), normalizeEmails),
        phones: valid('phones', splitList(input.phones), (f, v) =>
          normalizePhones(f, v, settings.defaultPhoneRegion),
        ),
        companyTin: trimOrNull(input.companyTin ?? null),
        companyName: trimOrNull(input.companyName ?? null),
        leadCompanyName: trimOrNull(input.leadCompanyName ?? null),
      };
      const typed = probe.firstName || probe.lastName || probe.emails.length || probe.phones.length;
      if (!typed && !probe.companyTin && !probe.companyName) return { items: [] };
      return { items: await findDuplicates(db, scope, probe, settings.duplicateThreshold) };
    },

    /**
     * Groups over the chosen leads, or over every visible lead: at once up to `syncScanLimit` of them,
     * as a job with progress above (answered as its run).
     */
    async scan(p: Principal, scan: DuplicateScan) {
      const { scope } = await leadContextOf(db, p);
      authorizeLeadList(scope);
      if (
        !scan.ids &&
        (await createDuplicatesRepository(db).countVisible(scope, syncScanLimit + 1)) > syncScanLimit
      )
        return { run: await startScan(db, jobs, p.userId, scope, scan.fields) };
      return scanDuplicates(db, scope, scan);
    },

    async startScan(p: Principal, input: DuplicateScanCreate) {
      const { scope } = await leadContextOf(db, p);
      authorizeLeadList(scope);
      return startScan(db, jobs, p.userId, scope, input.fields);
    },

    async scanRun(p: Principal, id: string) {
      return scanRunOf(await ownScan(db, p.userId, id));
    },

    async scanGroups(p: Principal, id: string, query: Pick<ListQuery, 'cursor' | 'limit'>) {
      await ownScan(db, p.userId, id);
      return scanGroupsPage(db, id, query.cursor, query.limit);
    },

    async cancelScan(p: Principal, id: string) {
      await ownScan(db, p.userId, id);
      return scanRunOf(await createScansRepository(db).cancel(id));
    },
  };
}
export type DuplicatesService = ReturnType<typeof createDuplicatesService>;
