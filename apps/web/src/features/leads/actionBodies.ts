import { qualificationFields, type LeadAction } from '@leadline/contract';

/** What an action's dialog holds, and the body of the request that runs the action. */
export interface Values {
  ownerId: string | null;
  statusId: string | null;
  marketingListId: string | null;
  codeId: string | null;
  reason: string;
  generateOpportunity: boolean;
  opportunity: {
    name: string;
    responsibleId: string | null;
    city: string;
    currentSituation: string;
    estimatedRevenue: number | string;
    estimatedCloseDate: string;
    sellingDirectionId: string | null;
    description: string;
  };
  revenueCurrency: string;
  /** The mandatory qualification fields the lead misses, filled in the dialog. */
  qualification: Record<string, string>;
  convert: {
    company: 'none' | 'new' | 'existing';
    companyId: string | null;
    contact: 'none' | 'new' | 'existing';
    contactIds: string[];
  };
}

export const nul = (s: string) => (s.trim() === '' ? null : s.trim());

export function opportunityBody(v: Values) {
  const o = v.opportunity;
  return {
    name: nul(o.name),
    responsibleId: o.responsibleId,
    city: nul(o.city),
    currentSituation: nul(o.currentSituation),
    estimatedRevenue:
      o.estimatedRevenue === ''
        ? null
        : { amount: String(o.estimatedRevenue), currency: v.revenueCurrency || undefined },
    estimatedCloseDate: nul(o.estimatedCloseDate),
    sellingDirectionId: o.sellingDirectionId,
    description: nul(o.description),
  };
}

export const qualificationBody = (v: Values) =>
  Object.fromEntries(Object.entries(v.qualification).map(([f, value]) => [f, nul(value)]));

export function bodyFor(action: LeadAction, v: Values): object {
  switch (action) {
    case 'assign':
    case 'reassign':
      return { ownerId: v.ownerId };
    case 'reopen':
    case 'move':
      return { statusId: v.statusId };
    case 'add-to-marketing-list':
      return { marketingListId: v.marketingListId };
    case 'drop':
      return { reason: nul(v.reason) };
    case 'disqualify':
      return {
        codeId: v.codeId,
        reason: nul(v.reason),
        opportunity: opportunityBody(v),
        qualification: qualificationBody(v),
      };
    case 'qualify':
    case 'convert':
      return {
        qualification: qualificationBody(v),
        generateOpportunity: v.generateOpportunity,
        opportunity: opportunityBody(v),
        convert: {
          company: v.convert.company,
          companyId: v.convert.company === 'existing' ? v.convert.companyId : undefined,
          contact: v.convert.contact,
          contactIds: v.convert.contact === 'existing' ? v.convert.contactIds : undefined,
        },
      };
    default:
      return {};
  }
}

export const aliases: Record<string, string> = {
  ...Object.fromEntries(qualificationFields.map((f) => [f, `qualification.${f}`])),
  'opportunity.estimatedRevenue.amount': 'opportunity.estimatedRevenue',
  'opportunity.estimatedRevenue.currency': 'revenueCurrency',
  'convert.companyId': 'convert.companyId',
};
