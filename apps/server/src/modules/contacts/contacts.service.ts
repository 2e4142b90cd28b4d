import type { ContactCreate, ContactListQuery, ContactPatch } from '@leadline/contract';
import type { Database } from '../../db/client';
import type { Jobs } from '../../jobs/queue';
import { conflict, forbidden, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { normalizePhones } from '../../lib/contact-points';
import { isCrmUser } from '../access/policy';
import type { Principal } from '../access/principal';
import { readSettings } from '../settings/settings.service';
import { prepareContact } from './contacts';
import { CONTACT_RENAMED, type ContactRenamed } from './events';
import { createContactsRepository } from './contacts.repository';

const isForeignKeyViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23503';

/** Contacts are worked by every CRM role; partner users see nothing of them. */
export function createContactsService({ db, jobs }: { db: Database; jobs?: Pick<Jobs, 'send'> }) {
  const repo = createContactsRepository(db);
  const requireCrm = (p: Principal) => {
    if (!isCrmUser(p)) throw forbidden('Contacts are for CRM users.');
  };
  const requireCrmForRecord = (p: Principal) => {
    if (!isCrmUser(p)) throw notFound('contact');
  };

  return {
    async list(p: Principal, query: ContactListQuery) {
      requireCrm(p);
      let email: string | undefined;
      let phone: string | undefined;
      const term = query.q?.trim();
      if (term) {
        // The search term is also tried as an e-mail and as a phone, normalised as they are stored.
        if (term.includes('@')) email = term.toLowerCase();
        else if (/\d/.test(term)) {
          const { defaultPhoneRegion } = await readSettings(db);
          phone = normalizePhones('q', term, defaultPhoneRegion).values[0];
        }
      }
      return repo.list(
        { q: term || undefined, companyId: query.companyId, active: query.active, email, phone },
        query,
      );
    },

    async get(p: Principal, id: string) {
      requireCrmForRecord(p);
      const contact = await repo.get(id);
      if (!contact) throw notFound('contact');
      return contact;
    },

    async create(p: Principal, input: ContactCreate) {
      requireCrm(p);
      return db.transaction(async (tx) => {
        const r = createContactsRepository(tx);
        const id = await r.insert(await prepareContact(tx, input), p.userId);
        return (await r.get(id))!;
      });
    },

    async update(p: Principal, id: string, input: ContactPatch, version: number | undefined) {
      requireCrmForRecord(p);
      return db.transaction(async (tx) => {
        const r = createContactsRepository(tx);
        const current = await r.get(id);
        if (!current) throw notFound('contact');
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        const values = await prepareContact(tx, input, current);
        if (!(await r.update(id, values, current.version))) throw staleVersion(current.version + 1);
        const updated = (await r.get(id))!;
        // Leads are found by their contact's name: a rename reaches their search text through a job.
        const named = (c: typeof current) => [c.firstName, c.middleName, c.lastName].join(' ');
        if (named(updated) !== named(current)) {
          if (!jobs) throw new Error('the contacts service was built without a job queue');
          await jobs.send<ContactRenamed>(CONTACT_RENAMED, { contactId: id }, { tx });
        }
        return updated;
      });
    },

    async remove(p: Principal, id: string) {
      requireCrmForRecord(p);
      try {
        await db.transaction(async (tx) => {
          if (!(await createContactsRepository(tx).remove(id))) throw notFound('contact');
        });
      } catch (err) {
        if (isForeignKeyViolation(err)) {
          throw conflict('This contact is referred to by leads; set active to false instead.', 'in_use');
        }
        throw err;
      }
    },
  };
}
export type ContactsService = ReturnType<typeof createContactsService>;
