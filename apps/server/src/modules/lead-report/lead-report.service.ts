import type { Locale } from '@leadline/contract';
import type { Database } from '../../db/client';
import type { Principal } from '../access/principal';
import type { ActivitiesService } from '../activities/activities.service';
import { createCompaniesRepository } from '../companies';
import { createContactsRepository } from '../contacts';
import { leadContextOf } from '../leads';
import type { LeadsService } from '../leads/leads.service';
import type { OpportunitiesService } from '../opportunities/opportunities.service';
import { renderLeadReport, type LeadReportData } from './lead-report.pdf';
import { createLeadReportRepository } from './lead-report.repository';

/** How many of the newest activities and timeline entries a printed lead shows. */
const ACTIVITIES = 15;
const TIMELINE = 60;

/**
 * The printed lead: what the user may see of it, gathered through the modules that own each part (so
 * that each applies its own access rule), rendered as a PDF in the reader's language.
 */
export function createLeadReportService({
  db,
  leads,
  activities,
  opportunities,
}: {
  db: Database;
  leads: Pick<LeadsService, 'get' | 'timeline'>;
  activities: Pick<ActivitiesService, 'listForLead'>;
  opportunities: Pick<OpportunitiesService, 'get'>;
}) {
  /** What the printed lead shows and how, each part through its module's access rule (404 if unseen). */
  async function gather(p: Principal, leadId: string, requestLocale: Locale) {
    const lead = await leads.get(p, leadId);
    const [names, context, company, contact, opportunity, acts, timeline] = await Promise.all([
      createLeadReportRepository(db).names({ ...lead, readerId: p.userId }),
      leadContextOf(db, p),
      lead.companyId ? createCompaniesRepository(db).get(lead.companyId) : undefined,
      lead.contactId ? createContactsRepository(db).get(lead.contactId) : undefined,
      lead.opportunityId ? opportunities.get(p, lead.opportunityId).catch(() => null) : null,
      activities.listForLead(p, leadId, { limit: ACTIVITIES, sort: '-dueAt' }),
      leads.timeline(p, leadId, { limit: TIMELINE }),
    ]);
    const data: LeadReportData = {
      lead,
      names: {
        status: names.status,
        owner: names.owner,
        unit: names.unit,
        source: names.source,
        leadType: names.lead_type,
      },
      company: company ?? null,
      contact: contact ?? null,
      opportunity: opportunity ?? null,
      activities: acts.items,
      timeline: timeline.items,
    };
    const format = { locale: names.reader_locale ?? requestLocale, timeZone: context.settings.timeZone };
    return { data, format, fileName: `lead-${lead.number}.pdf` };
  }

  return {
    gather,
    async pdf(p: Principal, leadId: string, requestLocale: Locale) {
      const { data, format, fileName } = await gather(p, leadId, requestLocale);
      return { pdf: await renderLeadReport(data, format), fileName };
    },
  };
}
export type LeadReportService = ReturnType<typeof createLeadReportService>;
