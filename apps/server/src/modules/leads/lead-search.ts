import type { Queryable } from '../../db/client';
import { plainText } from '../../lib/rich-text';
import { createLeadsRepository } from './leads.repository';
import { draftOf, type Draft } from './save/draft';

/**
 * What full-text search covers from the lead itself: name, company fields, the person's names, e-mails,
 * phones (also as bare digits) and the description as plain text. The number and the names of the
 * linked company and contact are added by the statement that stores it (searchTextSql).
 */
export function ownSearchText(v: Draft) {
  const parts: (string | null)[] = [v.name, v.companyName, v.leadCompanyName, v.companyTin];
  parts.push(v.firstName, v.middleName, v.lastName);
  parts.push(...v.emails);
  for (const phone of v.phones) parts.push(phone, phone.replace(/\D/g, ''));
  parts.push(plainText(v.description));
  return parts
    .filter((s): s is string => !!s)
    .join(' ')
    .slice(0, 100_000);
}

/**
 * Rebuilds the search text of the leads that show a company's or a contact's name, after that record
 * was renamed, a page of leads per two statements. Search text is derived data: the leads' versions and
 * history do not change.
 */
export async function refreshLeadSearch(q: Queryable, by: { companyId?: string; contactId?: string }) {
  const repo = createLeadsRepository(q);
  let count = 0;
  for (let after: string | null = null; ;) {
    const leads = await repo.linkedTo(by, after, 500);
    if (leads.length === 0) return count;
    await repo.setOwnSearchText(leads.map((l) => ({ id: l.id, own: ownSearchText(draftOf(l)) })));
    count += leads.length;
    after = leads[leads.length - 1].id;
  }
}
