import { canSeeLead, leadScopeSql, type LeadAccessFacts, type LeadScope } from './lead-policy';

/**
 * Which opportunities a user may see and work (SPEC section 9): those whose originating lead they may
 * see, plus those whose responsible user is themselves or belongs to one of their team's units. Built
 * on the lead scope, so that the visibility setting, units and collaborations mean the same for both.
 * Like the lead scope it has an in-memory form (one record) and an SQL form (lists and counts).
 */
export type OpportunityScope =
  { kind: 'all' } | { kind: 'team'; lead: Extract<LeadScope, { kind: 'team' }> } | { kind: 'none' };

export interface OpportunityAccessFacts {
  responsibleId: string;
  /** The units the responsible user is a member of. */
  responsibleUnitIds: string[];
  /** The originating lead, when there is one. */
  lead: LeadAccessFacts | null;
}

export function opportunityScope(leadScope: LeadScope): OpportunityScope {
  switch (leadScope.kind) {
    case 'all':
      return { kind: 'all' };
    case 'team':
      return { kind: 'team', lead: leadScope };
    // Opportunities are the CRM staff's: a partner's employee sees their leads and nothing else.
    case 'partner':
    case 'none':
      return { kind: 'none' };
  }
}

export function canSeeOpportunity(scope: OpportunityScope, o: OpportunityAccessFacts): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'team':
      return (
        o.responsibleId === scope.lead.userId ||
        o.responsibleUnitIds.some((u) => scope.lead.unitIds.includes(u)) ||
        (o.lead !== null && canSeeLead(scope.lead, o.lead))
      );
  }
}

/** The same rule as canSeeOpportunity, as a condition on the opportunities table aliased `alias`. */
export function opportunityScopeSql(scope: OpportunityScope, alias: string, params: unknown[]): string {
  switch (scope.kind) {
    case 'all':
      return 'TRUE';
    case 'none':
      return 'FALSE';
    case 'team': {
      params.push(scope.lead.userId);
      const me = `$${params.length}`;
      params.push(scope.lead.unitIds);
      const units = `$${params.length}::uuid[]`;
      const leadSql = leadScopeSql(scope.lead, 'scope_l', params);
      return `(${alias}.responsible_id = ${me}
        OR EXISTS (SELECT 1 FROM unit_members scope_um
                    WHERE scope_um.user_id = ${alias}.responsible_id AND scope_um.unit_id = ANY (${units}))
        OR EXISTS (SELECT 1 FROM leads scope_l WHERE scope_l.id = ${alias}.originating_lead_id AND ${leadSql}))`;
    }
  }
}
