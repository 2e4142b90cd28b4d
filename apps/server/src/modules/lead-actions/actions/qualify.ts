import type { Conversion, FieldError, Lead, Opportunity, QualifyBody } from '@leadline/contract';
import type { Queryable } from '../../../db/client';
import { fieldError, invalid } from '../../../http/errors';
import { createCompaniesRepository, insertCompany } from '../../companies';
import { createContactsRepository, insertContact } from '../../contacts';
import { insertOpportunity } from '../../opportunities';
import {
  blank,
  missingQualification,
  settingStatus,
  withQualification,
  type ActionContext,
  type Outcome,
} from './action';
import { opportunityForm, opportunityFormErrors } from './opportunity-form';

/** What the conversion would create or link, checked before anything is written. */
async function checkConversion(q: Queryable, lead: Lead, c: Conversion): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (c.company === 'new' && blank(lead.companyName ?? lead.leadCompanyName))
    errors.push(fieldError('companyName', 'required', 'a new company needs the lead company name'));
  if (c.company === 'existing') {
    if (!c.companyId) errors.push(fieldError('convert.companyId', 'required', 'choose the company'));
    else if (!(await createCompaniesRepository(q).exists(c.companyId)))
      errors.push(fieldError('convert.companyId', 'not_found', 'no such company'));
  }
  if (c.contact === 'new' && blank(lead.lastName))
    errors.push(fieldError('lastName', 'required', 'a new contact needs the last name'));
  if (c.contact === 'existing') {
    const ids = c.contactIds ?? [];
    if (ids.length === 0) errors.push(fieldError('convert.contactIds', 'required', 'choose the contacts'));
    const byId = await createContactsRepository(q).companiesOf(ids);
    const companyId = c.company === 'existing' ? c.companyId : c.company === 'none' ? lead.companyId : null;
    ids.forEach((id, i) => {
      if (!byId.has(id)) errors.push(fieldError(`convert.contactIds.${i}`, 'not_found', 'no such contact'));
      else if (c.company !== 'new' && companyId && byId.get(id) !== companyId)
        errors.push(
          fieldError(`convert.contactIds.${i}`, 'wrong_company', 'must be a contact of the chosen company'),
        );
    });
  }
  return errors;
}

/** Creates or links the company and the contact the conversion asks for. */
async function convert({ tx, lead, p }: ActionContext, c: Conversion) {
  let companyId: string | null = null;
  let contactId: string | null = null;
  if (c.company === 'new') {
    companyId = await insertCompany(
      tx,
      {
        name: (lead.companyName ?? lead.leadCompanyName)!,
        tin: lead.companyTin,
        website: lead.companyWebsite,
        type: 'prospect',
        industryId: lead.industryId,
        size: lead.companySize,
        keyAccount: lead.keyAccount,
        address: lead.address,
      },
      p.userId,
    );
  } else if (c.company === 'existing') companyId = c.companyId!;
  if (c.contact === 'new') {
    contactId = await insertContact(
      tx,
      {
        firstName: lead.firstName,
        lastName: lead.lastName!,
        middleName: lead.middleName,
        emails: lead.emails,
        phones: lead.phones,
        companyId: companyId ?? lead.companyId,
        jobTitle: lead.jobTitle,
        department: lead.department,
        doNotEmail: lead.doNotEmail,
        doNotCall: lead.doNotCall,
      },
      p.userId,
    );
  } else if (c.contact === 'existing') contactId = c.contactIds![0];
  return { companyId, contactId };
}

/** Qualify (and Convert): the lead is won, optionally with an opportunity and converted records. */
export async function qualify(ctx: ActionContext, body: QualifyBody): Promise<Outcome> {
  const { tx, settings } = ctx;
  // The qualification fields filled in the dialog are saved with the action, then checked.
  const given = withQualification(ctx.lead, body.qualification);
  const lead = given.lead;
  const conversion = body.convert ?? { company: 'none', contact: 'none' };
  const errors = missingQualification(lead, settings);
  const form = opportunityForm(lead, body.opportunity, settings);
  if (body.generateOpportunity) errors.push(...(await opportunityFormErrors(tx, form)));
  errors.push(...(await checkConversion(tx, lead, conversion)));
  if (errors.length) throw invalid(errors);

  const { companyId, contactId } = await convert(ctx, conversion);
  let opportunity: Opportunity | undefined;
  if (body.generateOpportunity) {
    opportunity = await insertOpportunity(
      tx,
      {
        ...form.input,
        companyId: companyId ?? lead.companyId,
        contactId: contactId ?? (companyId ? null : lead.contactId),
      },
      ctx.p.userId,
      'opportunity.',
    );
  }
  const won = await settingStatus(tx, settings.defaultWonStatusId, 'won');
  return {
    opportunity,
    changes: {
      ...given.changes,
      statusId: won.id,
      phase: won.phase,
      actualCompletedDate: ctx.today,
      ...(opportunity ? { opportunityId: opportunity.id } : {}),
      ...(companyId ? { convertedCompanyId: companyId } : {}),
      ...(contactId ? { convertedContactId: contactId } : {}),
    },
    record: {
      ...(opportunity ? { opportunityId: opportunity.id } : {}),
      ...(companyId ? { companyId } : {}),
      ...(contactId ? { contactId } : {}),
    },
  };
}
