import type { FieldError } from '@leadline/contract';
import { fieldError, invalid } from '../../../http/errors';
import { insertOpportunity } from '../../opportunities';
import { createStatusesRepository } from '../../pipeline';
import { blank, missingQualification, settingStatus, withQualification, type Perform } from './action';
import { opportunityForm, opportunityFormErrors } from './opportunity-form';

export const disqualify: Perform<'disqualify'> = async (ctx, body) => {
  const { tx, settings } = ctx;
  // The qualification fields filled in the dialog count (and are saved) only with an opportunity.
  const given = withQualification(ctx.lead, body.qualification);
  const errors: FieldError[] = [];
  let createsOpportunity = false;
  if (!body.codeId) errors.push(fieldError('codeId', 'required', 'choose a disqualification code'));
  else {
    const code = await createStatusesRepository(tx).codeById(body.codeId);
    if (!code) errors.push(fieldError('codeId', 'not_found', 'no such disqualification code'));
    else if (!code.active) errors.push(fieldError('codeId', 'inactive', 'this code is retired'));
    else createsOpportunity = code.creates_opportunity;
  }
  if (blank(body.reason)) errors.push(fieldError('reason', 'required', 'give the disqualification reason'));
  // A code that continues demand generation hands the lead over as an opportunity: it must be qualified.
  const lead = createsOpportunity ? given.lead : ctx.lead;
  const form = opportunityForm(lead, body.opportunity ?? {}, settings);
  if (createsOpportunity) {
    errors.push(...missingQualification(lead, settings));
    errors.push(...(await opportunityFormErrors(tx, form)));
  }
  if (errors.length) throw invalid(errors);
  const opportunity = createsOpportunity
    ? await insertOpportunity(tx, form.input, ctx.p.userId, 'opportunity.')
    : undefined;
  const lost = await settingStatus(tx, settings.defaultLostStatusId, 'lost');
  return {
    opportunity,
    changes: {
      ...(createsOpportunity ? given.changes : {}),
      statusId: lost.id,
      phase: lost.phase,
      actualCompletedDate: ctx.today,
      disqualificationCodeId: body.codeId!,
      disqualificationReason: body.reason!.trim(),
      ...(opportunity ? { opportunityId: opportunity.id } : {}),
    },
    record: opportunity ? { opportunityId: opportunity.id } : undefined,
  };
};
