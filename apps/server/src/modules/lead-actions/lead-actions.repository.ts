import type { Queryable } from '../../db/client';

/** Lead columns an action may change, by their API name; all are read-only through PATCH. */
export const actionColumns = {
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
  // Filled in the Qualify and Disqualify dialogs and saved with the action.
  goal: 'goal',
  implementationOptions: 'implementation_options',
  procurementProcedure: 'procurement_procedure',
  decisionLevel: 'decision_level',
  terms: 'terms',
  decisionMaker: 'decision_maker',
  selectionCriteria: 'selection_criteria',
  complianceWithCriteria: 'compliance_with_criteria',
  channel: 'channel',
} as const;
export type ActionField = keyof typeof actionColumns;
export type ActionChanges = Partial<Record<ActionField, string | boolean | null>>;

/** What an action writes on the lead: the columns it changes, with a new version. */
export function createLeadActionsRepository(q: Queryable) {
  return {
    async today() {
      const [{ d }] = await q.query<{ d: string }>('SELECT current_date::text AS d');
      return d;
    },

    async applyChanges(leadId: string, fields: ActionField[], changes: ActionChanges) {
      if (fields.length === 0) return;
      const params: unknown[] = [leadId];
      const sets = fields.map((f) => {
        params.push(changes[f]);
        return `${actionColumns[f]} = $${params.length}`;
      });
      await q.query(
        `UPDATE leads SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`,
        params,
      );
    },
  };
}
