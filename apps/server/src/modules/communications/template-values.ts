import type { Lead } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { createCommunicationsRepository } from './communications.repository';
import type { TemplateValues } from './template-engine';

/** The values a template sees for a lead: plain objects of strings, nothing else reachable. */
export async function templateValuesOf(q: Queryable, lead: Lead): Promise<TemplateValues> {
  // Status and owner names change rarely; many messages of one burst share them (kept a second).
  const extras = await q.memo.get(`lead-extras:${lead.statusId}:${lead.ownerId ?? ''}`, () =>
    createCommunicationsRepository(q).leadExtras(lead.statusId, lead.ownerId),
  );
  const fullName = [lead.firstName, lead.middleName, lead.lastName].filter(Boolean).join(' ') || null;
  return {
    lead: {
      id: lead.id,
      number: lead.number,
      name: lead.name,
      description: lead.description,
      customerRequirements: lead.customerRequirements,
      statusName: extras.status_name,
      phase: lead.phase,
      targetAmount: lead.targetAmount ? `${lead.targetAmount.amount} ${lead.targetAmount.currency}` : null,
      expectedCompletionDate: lead.expectedCompletionDate,
      startDate: lead.startDate,
      priority: lead.priority,
      nextEventAt: lead.nextEventAt,
    },
    contact: {
      firstName: lead.firstName,
      lastName: lead.lastName,
      middleName: lead.middleName,
      fullName,
      email: lead.emails[0] ?? null,
      phone: lead.phones[0] ?? null,
      jobTitle: lead.jobTitle,
      department: lead.department,
    },
    company: { name: lead.companyName, website: lead.companyWebsite, tin: lead.companyTin },
    owner: { name: extras.owner_name, email: extras.owner_email },
  };
}
