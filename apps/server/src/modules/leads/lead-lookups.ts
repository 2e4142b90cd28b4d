import type { Queryable } from '../../db/client';
import { createCatalogRepository } from '../catalog';
import { findCompanyByTin } from '../companies';
import { createContactsRepository } from '../contacts';
import { leadTypeDefaults } from '../lists';
import { createStatusesRepository } from '../pipeline';
import { assignableOwnerError } from '../users';

/** What a lead save asks of other modules, each through that module's index. */
export function createLeadLookups(q: Queryable) {
  const catalog = createCatalogRepository(q);
  const contacts = createContactsRepository(q);
  return {
    companyByTin: (tin: string) => findCompanyByTin(q, tin),
    contactCompany: (contactId: string) => contacts.companyOf(contactId),
    setContactCompanyIfNone: (contactId: string, companyId: string) =>
      contacts.setCompanyIfNone(contactId, companyId),
    ownerError: (ownerId: string) => assignableOwnerError(q, ownerId),
    agreement: (id: string) => catalog.agreement(id),
    directionProductIds: (id: string) => catalog.directionProductIds(id),
    productPrices: (ids: string[]) => catalog.productPrices(ids),
    leadType: (id: string) => leadTypeDefaults(q, id),
    firstStatusOf: createStatusesRepository(q).firstStatusOf,
  };
}
