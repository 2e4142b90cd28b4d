import type { FieldError, Lead, OpportunityCreate, QualifyOpportunity, Settings } from '@leadline/contract';
import type { Queryable } from '../../../db/client';
import { fieldError } from '../../../http/errors';
import { checkOpportunityReferences } from '../../opportunities';
import { blank } from './action';

/** The Qualify form with its defaults filled from the lead; every mandatory field missing is named. */
export function opportunityForm(
  lead: Lead,
  form: QualifyOpportunity,
  settings: Settings,
): { input: OpportunityCreate; errors: FieldError[] } {
  const name = blank(form.name) ? lead.name : form.name!.trim();
  const responsibleId = form.responsibleId ?? lead.ownerId;
  const city = blank(form.city) ? null : form.city!.trim();
  const sellingDirectionId = form.sellingDirectionId ?? lead.salesDirectionId;
  const errors: FieldError[] = [];
  if (blank(name)) errors.push(fieldError('opportunity.name', 'required', 'is required'));
  if (!responsibleId)
    errors.push(fieldError('opportunity.responsibleId', 'required', 'is required (defaults to the owner)'));
  if (!city) errors.push(fieldError('opportunity.city', 'required', 'is required'));
  if (!sellingDirectionId)
    errors.push(
      fieldError('opportunity.sellingDirectionId', 'required', "is required (defaults to the lead's)"),
    );
  const rev = form.estimatedRevenue;
  const input: OpportunityCreate = {
    name,
    responsibleId: responsibleId ?? '',
    city,
    currentSituation: form.currentSituation ?? null,
    estimatedRevenue: rev
      ? {
          amount: typeof rev.amount === 'number' ? rev.amount.toFixed(2) : rev.amount,
          currency: rev.currency ?? settings.defaultCurrency,
        }
      : null,
    estimatedCloseDate: form.estimatedCloseDate ?? null,
    sellingDirectionId: sellingDirectionId ?? null,
    originatingLeadId: lead.id,
    companyId: lead.companyId,
    contactId: lead.contactId,
    description: form.description ?? null,
    lines: lead.productLines.map((l) => ({
      productId: l.productId,
      quantity: String(l.quantity),
      price: l.price,
    })),
    stage: 'open',
  };
  return { input, errors };
}

/** The form's errors, or when it is complete, its references that point nowhere. */
export async function opportunityFormErrors(q: Queryable, form: ReturnType<typeof opportunityForm>) {
  if (form.errors.length) return form.errors;
  return checkOpportunityReferences(
    q,
    { responsibleId: form.input.responsibleId, sellingDirectionId: form.input.sellingDirectionId },
    'opportunity.',
  );
}
