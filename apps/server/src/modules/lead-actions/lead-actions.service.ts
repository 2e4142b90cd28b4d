import type { z } from 'zod';
import {
  actionBodies,
  crmRoles,
  type Conversion,
  type DisqualifyBody,
  type FieldError,
  type Lead,
  type LeadAction,
  type LeadActionResult,
  type LeadBulkBody,
  type LeadBulkResult,
  type Opportunity,
  type OpportunityCreate,
  type Phase,
  type QualifyBody,
  type QualifyOpportunity,
  type Settings,
} from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { AppError, conflict, fieldError, forbidden, invalid, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { canSeeLead, type LeadScope } from '../access/lead-policy';
import { isCrmUser } from '../access/policy';
import type { Principal } from '../access/principal';
import { insertCompany } from '../companies/companies';
import { insertContact } from '../contacts/contacts';
import { createLeadsRepository } from '../leads/leads.repository';
import { checkOpportunityReferences, insertOpportunity } from '../opportunities/opportunities.service';
import { leadContextOf } from '../leads/lead-context';
import type { LeadHooks } from '../leads/lead-hooks';
import { checkAction } from './action-rules';

type Bodies = { [K in LeadAction]: z.output<(typeof actionBodies)[K]> };

/** Lead columns an action may change, by their API name; all are read-only through PATCH. */
const columns = {
  statusId: 'status_id',
  phase: 'phase',
  ownerId: 'owner_id',
  active: 'active',
  actualCompletedDate: 'actual_completed_date',
  opportunityId: 'opportunity_id',
  convertedCompanyId: 'converted_company_id',
  convertedContactId: 'converted_contact_id',
  disqualificationCodeId: 'disqualification_code_id',
  disqualificationReason: 'disqualification_reason',
  dropReason: 'drop_reason',
} as const;
type Changes = Partial<Record<keyof typeof columns, string | boolean | null>>;

interface Ctx {
  tx: Queryable;
  p: Principal;
  lead: Lead;
  settings: Settings;
  today: string;
}

interface Outcome {
  changes: Changes;
  opportunity?: Opportunity;
  /** Extra facts for the history entry (what was created, the list the lead joined). */
  record?: Record<string, unknown>;
}

async function statusById(q: Queryable, id: string) {
  const rows = await q.query<{ id: string; phase: Phase; active: boolean; name: string }>(
    'SELECT id, phase, active, name FROM lead_statuses WHERE id = $1',
    [id],
  );
  return rows[0];
}

/** The first in-progress status in pipeline order: where assigning, taking or accepting a new lead goes. */
async function firstInProgress(q: Queryable) {
  const row = await createLeadsRepository(q).firstStatusOf('in_progress');
  if (!row) throw conflict('No active status of the in-progress phase is configured.', 'no_status');
  return row;
}

/** The status a setting names, which must exist; the settings endpoint keeps it in the right phase. */
async function settingStatus(q: Queryable, id: string | undefined, phase: Phase) {
  const named = id ? await statusById(q, id) : undefined;
  if (named && named.phase === phase) return named;
  const first = await createLeadsRepository(q).firstStatusOf(phase);
  if (!first) throw conflict(`No status of the ${phase} phase is configured.`, 'no_status');
  return first;
}

async function checkOwner(q: Queryable, ownerId: string): Promise<FieldError[]> {
  const rows = await q.query<{ active: boolean; is_integration: boolean; roles: string[] }>(
    'SELECT active, is_integration, roles FROM users WHERE id = $1',
    [ownerId],
  );
  const u = rows[0];
  if (!u) return [fieldError('ownerId', 'not_found', 'no such user')];
  if (!u.active || u.is_integration) return [fieldError('ownerId', 'inactive', 'must be an active user')];
  // A partner's employee works leads but does not own them: owners are CRM staff.
  if (!u.roles.some((r) => (crmRoles as readonly string[]).includes(r)))
    return [fieldError('ownerId', 'not_crm_user', 'must be a user with a CRM role')];
  return [];
}

const blank = (v: unknown) => v == null || (typeof v === 'string' && v.trim() === '');

/** The qualification fields the settings make mandatory, each one missing named. */
function missingQualification(lead: Lead, settings: Settings): FieldError[] {
  const required = settings.qualificationRequiredFields;
  return required
    .filter((f) => blank(lead[f]))
    .map((f) =>
      fieldError(
        f,
        'required',
        f === 'ownerId' ? 'the lead needs an owner to be qualified' : 'is required to qualify the lead',
      ),
    );
}

/** The Qualify form with its defaults filled from the lead; every mandatory field missing is named. */
function opportunityForm(
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

/** Section 5: what the conversion would create or link, checked before anything is written. */
async function checkConversion(q: Queryable, lead: Lead, c: Conversion): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (c.company === 'new' && blank(lead.companyName ?? lead.leadCompanyName))
    errors.push(fieldError('companyName', 'required', 'a new company needs the lead company name'));
  if (c.company === 'existing') {
    if (!c.companyId) errors.push(fieldError('convert.companyId', 'required', 'choose the company'));
    else if ((await q.query('SELECT 1 FROM companies WHERE id = $1', [c.companyId])).length === 0)
      errors.push(fieldError('convert.companyId', 'not_found', 'no such company'));
  }
  if (c.contact === 'new' && blank(lead.lastName))
    errors.push(fieldError('lastName', 'required', 'a new contact needs the last name'));
  if (c.contact === 'existing') {
    const ids = c.contactIds ?? [];
    if (ids.length === 0) errors.push(fieldError('convert.contactIds', 'required', 'choose the contacts'));
    const rows = await q.query<{ id: string; company_id: string | null }>(
      'SELECT id, company_id FROM contacts WHERE id = ANY ($1::uuid[])',
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r.company_id]));
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

async function convert(ctx: Ctx, c: Conversion) {
  const { tx, lead, p } = ctx;
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

async function qualify(ctx: Ctx, body: QualifyBody): Promise<Outcome> {
  const { tx, lead, settings } = ctx;
  const conversion = body.convert ?? { company: 'none', contact: 'none' };
  const errors = missingQualification(lead, settings);
  const form = opportunityForm(lead, body.opportunity, settings);
  if (body.generateOpportunity) {
    errors.push(...form.errors);
    if (form.errors.length === 0)
      errors.push(
        ...(await checkOpportunityReferences(
          tx,
          { responsibleId: form.input.responsibleId, sellingDirectionId: form.input.sellingDirectionId },
          'opportunity.',
        )),
      );
  }
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

async function disqualify(ctx: Ctx, body: DisqualifyBody): Promise<Outcome> {
  const { tx, lead, settings } = ctx;
  const errors: FieldError[] = [];
  let createsOpportunity = false;
  if (!body.codeId) errors.push(fieldError('codeId', 'required', 'choose a disqualification code'));
  else {
    const rows = await tx.query<{ active: boolean; creates_opportunity: boolean }>(
      'SELECT active, creates_opportunity FROM disqualification_codes WHERE id = $1',
      [body.codeId],
    );
    if (!rows[0]) errors.push(fieldError('codeId', 'not_found', 'no such disqualification code'));
    else if (!rows[0].active) errors.push(fieldError('codeId', 'inactive', 'this code is retired'));
    else createsOpportunity = rows[0].creates_opportunity;
  }
  if (blank(body.reason)) errors.push(fieldError('reason', 'required', 'give the disqualification reason'));
  // A code that continues demand generation hands the lead over as an opportunity: it must be qualified.
  const form = opportunityForm(lead, body.opportunity ?? {}, settings);
  if (createsOpportunity) {
    errors.push(...missingQualification(lead, settings), ...form.errors);
    if (form.errors.length === 0)
      errors.push(
        ...(await checkOpportunityReferences(
          tx,
          { responsibleId: form.input.responsibleId, sellingDirectionId: form.input.sellingDirectionId },
          'opportunity.',
        )),
      );
  }
  if (errors.length) throw invalid(errors);
  const opportunity = createsOpportunity
    ? await insertOpportunity(tx, form.input, ctx.p.userId, 'opportunity.')
    : undefined;
  const lost = await settingStatus(tx, settings.defaultLostStatusId, 'lost');
  return {
    opportunity,
    changes: {
      statusId: lost.id,
      phase: lost.phase,
      actualCompletedDate: ctx.today,
      disqualificationCodeId: body.codeId!,
      disqualificationReason: body.reason!.trim(),
      ...(opportunity ? { opportunityId: opportunity.id } : {}),
    },
    record: opportunity ? { opportunityId: opportunity.id } : undefined,
  };
}

/** An open, active status chosen by the user for move and reopen. */
async function openStatus(q: Queryable, statusId: string, action: 'move' | 'reopen') {
  const s = await statusById(q, statusId);
  if (!s) throw invalid([fieldError('statusId', 'not_found', 'no such status')]);
  if (s.phase !== 'new' && s.phase !== 'in_progress') {
    if (action === 'reopen')
      throw invalid([fieldError('statusId', 'closed_status', 'a lead is reopened to an open status')]);
    // Won, lost and dropped have their own actions (qualify, disqualify, drop) with their own fields.
    throw conflict(
      `"${s.name}" is a closed status: it is reached only through its action (qualify, disqualify or drop).`,
      'closed_status',
    );
  }
  if (!s.active) throw invalid([fieldError('statusId', 'inactive', 'this status is retired')]);
  return s;
}

async function perform<A extends LeadAction>(ctx: Ctx, action: A, body: Bodies[A]): Promise<Outcome> {
  const { tx, lead, p, settings } = ctx;
  switch (action) {
    case 'assign':
    case 'reassign': {
      const { ownerId } = body as Bodies['assign'];
      const errors = await checkOwner(tx, ownerId);
      if (errors.length) throw invalid(errors);
      if (action === 'reassign') return { changes: { ownerId } };
      const next = await firstInProgress(tx);
      return { changes: { ownerId, statusId: next.id, phase: next.phase } };
    }
    case 'take':
    case 'accept': {
      if (lead.phase !== 'new') return { changes: { ownerId: p.userId } };
      const next = await firstInProgress(tx);
      return { changes: { ownerId: p.userId, statusId: next.id, phase: next.phase } };
    }
    case 'move': {
      const s = await openStatus(tx, (body as Bodies['move']).statusId, 'move');
      return { changes: { statusId: s.id, phase: s.phase } };
    }
    case 'qualify':
    case 'convert':
      return qualify(ctx, body as QualifyBody);
    case 'disqualify':
      return disqualify(ctx, body as DisqualifyBody);
    case 'drop': {
      const reason = (body as Bodies['drop']).reason;
      if (blank(reason)) throw invalid([fieldError('reason', 'required', 'give the reason for dropping')]);
      const dropped = await settingStatus(tx, settings.defaultDroppedStatusId, 'dropped');
      return { changes: { statusId: dropped.id, phase: dropped.phase, dropReason: reason!.trim() } };
    }
    case 'reopen': {
      const s = await openStatus(tx, (body as Bodies['reopen']).statusId, 'reopen');
      // The outcome of the closed lead is undone; the opportunity and converted records stay linked.
      return {
        changes: {
          statusId: s.id,
          phase: s.phase,
          actualCompletedDate: null,
          disqualificationCodeId: null,
          disqualificationReason: null,
          dropReason: null,
        },
      };
    }
    case 'activate':
      return { changes: { active: true } };
    case 'deactivate':
      return { changes: { active: false } };
    case 'add-to-marketing-list': {
      const { marketingListId } = body as Bodies['add-to-marketing-list'];
      const rows = await tx.query<{ active: boolean }>('SELECT active FROM marketing_lists WHERE id = $1', [
        marketingListId,
      ]);
      if (!rows[0]) throw invalid([fieldError('marketingListId', 'not_found', 'no such marketing list')]);
      if (!rows[0].active)
        throw invalid([fieldError('marketingListId', 'inactive', 'this marketing list is not active')]);
      const added = await tx.query(
        `INSERT INTO marketing_list_members (marketing_list_id, lead_id, added_by_id) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING lead_id`,
        [marketingListId, lead.id, p.userId],
      );
      if (added.length) await touchList(tx, marketingListId);
      return { changes: {}, record: { added: added.length > 0 } };
    }
  }
  throw new AppError('bad_request', 400, `Unknown action ${String(action)}.`);
}

/** A membership change is a change of the list (its memberCount), so it moves the list's version. */
export async function touchList(q: Queryable, id: string) {
  await q.query('UPDATE marketing_lists SET version = version + 1, updated_at = now() WHERE id = $1', [id]);
}

export function createLeadActionsService({ db, hooks = {} }: { db: Database; hooks?: LeadHooks }) {
  /** One action on one lead inside `tx`: lock, see, check, do, record. */
  async function runIn(
    tx: Queryable,
    p: Principal,
    scope: LeadScope,
    settings: Settings,
    id: string,
    action: LeadAction,
    body: unknown,
    version?: number,
  ): Promise<LeadActionResult> {
    const repo = createLeadsRepository(tx);
    if (!(await repo.lock(id))) throw notFound('lead');
    const lead = (await repo.get(id))!;
    if (!canSeeLead(scope, lead)) throw notFound('lead');
    checkAction(p, action, lead);
    if (version !== undefined && version !== lead.version) throw staleVersion(lead.version);
    const parsed = actionBodies[action].safeParse(body ?? {});
    if (!parsed.success) {
      throw invalid(
        parsed.error.issues.map((i) =>
          fieldError(i.path.map(String).join('.') || 'params', i.code, i.message),
        ),
      );
    }
    const [{ d: today }] = await tx.query<{ d: string }>('SELECT current_date::text AS d');
    const ctx: Ctx = { tx, p, lead, settings, today };
    const outcome = await perform(ctx, action, parsed.data as Bodies[typeof action]);

    const changed = (Object.keys(outcome.changes) as (keyof typeof columns)[]).filter(
      (f) => (lead[f] ?? null) !== (outcome.changes[f] ?? null),
    );
    if (changed.length) {
      const params: unknown[] = [id];
      const sets = changed.map((f) => {
        params.push(outcome.changes[f]);
        return `${columns[f]} = $${params.length}`;
      });
      await tx.query(
        `UPDATE leads SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`,
        params,
      );
    }
    await repo.addEvents(id, p.userId, [
      {
        kind: 'action',
        payload: { action, params: parsed.data, ...(outcome.record ?? {}) },
      },
      ...changed.map((f) => ({
        kind: 'changed',
        field: f,
        oldValue: lead[f] ?? null,
        newValue: outcome.changes[f] ?? null,
      })),
    ]);
    const updated = (await repo.get(id))!;
    if (changed.length)
      await hooks.changed?.(tx, { actorId: p.userId, before: lead, after: updated, action });
    return outcome.opportunity ? { ...updated, opportunity: outcome.opportunity } : updated;
  }

  return {
    async run(p: Principal, id: string, action: LeadAction, body: unknown, version?: number) {
      return db.transaction(async (tx) => {
        const { scope, settings } = await leadContextOf(tx, p);
        return runIn(tx, p, scope, settings, id, action, body, version);
      });
    },

    /** Each id in its own savepoint: a refused id leaves no trace and does not stop the others. */
    async bulk(p: Principal, input: LeadBulkBody): Promise<LeadBulkResult> {
      // Partners work single leads only; the bulk endpoint is the CRM staff's.
      if (!isCrmUser(p)) throw forbidden('Only CRM users run bulk actions.');
      return db.transaction(async (tx) => {
        const { scope, settings } = await leadContextOf(tx, p);
        const results: LeadBulkResult['results'] = [];
        for (const id of input.ids) {
          try {
            const lead = await tx.transaction((sp) =>
              runIn(sp, p, scope, settings, id, input.action, input.params),
            );
            results.push({ id, status: 200, lead });
          } catch (caught) {
            const err =
              caught instanceof AppError
                ? caught
                : typeof (caught as { code?: unknown }).code === 'string'
                  ? // A database constraint the rules did not foresee: this id only is refused.
                    new AppError('invalid_value', 422, 'A value is out of the accepted range or format.')
                  : undefined;
            if (!err) throw caught;
            results.push({
              id,
              status: err.status,
              error: {
                code: err.code,
                message: err.message,
                ...(err.fieldErrors?.length ? { errors: err.fieldErrors } : {}),
              },
            });
          }
        }
        return { results };
      });
    },
  };
}
export type LeadActionsService = ReturnType<typeof createLeadActionsService>;
