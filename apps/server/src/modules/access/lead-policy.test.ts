import { describe, expect, it } from 'vitest';
import type { Role } from '@leadline/contract';
import { canSeeLead, leadScope, leadScopeSql, type LeadAccessFacts } from './lead-policy';
import type { Principal } from './principal';

const me = '11111111-1111-4111-8111-111111111111';
const other = '22222222-2222-4222-8222-222222222222';
const myUnit = '33333333-3333-4333-8333-333333333333';
const otherUnit = '44444444-4444-4444-8444-444444444444';
const myPartner = '55555555-5555-4555-8555-555555555555';
const otherPartner = '66666666-6666-4666-8666-666666666666';

const who = (roles: Role[], partnerCompanyId: string | null = null): Principal => ({
  userId: me,
  name: 'Me',
  email: 'me@example.test',
  roles,
  unitIds: [myUnit],
  partnerCompanyId,
  via: 'session',
});
const lead = (facts: Partial<LeadAccessFacts>): LeadAccessFacts => ({
  ownerId: null,
  unitId: null,
  partnerCompanyId: null,
  ...facts,
});

const mine = lead({ ownerId: me });
const ofMyUnit = lead({ ownerId: other, unitId: myUnit });
const ofOtherUnit = lead({ ownerId: other, unitId: otherUnit });
const ofMyPartner = lead({ partnerCompanyId: myPartner });
const ofOtherPartner = lead({ partnerCompanyId: otherPartner, ownerId: other });

// [who, visibility, lead, may see]
const cases: [string, Principal, 'all' | 'team', LeadAccessFacts, boolean][] = [
  ['sales, visibility all, a stranger lead', who(['crm_sales']), 'all', ofOtherUnit, true],
  ['sales, visibility team, own lead', who(['crm_sales']), 'team', mine, true],
  ['sales, visibility team, lead of their unit', who(['crm_sales']), 'team', ofMyUnit, true],
  ['sales, visibility team, lead of another unit', who(['crm_sales']), 'team', ofOtherUnit, false],
  ['marketeer, visibility team, lead of another unit', who(['crm_marketeer']), 'team', ofOtherUnit, false],
  ['manager, visibility team, lead of another unit', who(['crm_manager']), 'team', ofOtherUnit, true],
  ['admin, visibility team, lead of another unit', who(['crm_admin']), 'team', ofOtherUnit, true],
  ["partner, their company's agreement", who(['partner'], myPartner), 'all', ofMyPartner, true],
  ["partner, another company's agreement", who(['partner'], myPartner), 'all', ofOtherPartner, false],
  ['partner, a lead without agreement', who(['partner'], myPartner), 'all', mine, false],
  ['no role at all', who([]), 'all', mine, false],
];

describe('who may see a lead', () => {
  it.each(cases)('%s', (_, p, visibility, facts, expected) => {
    const scope = leadScope(p, visibility, [myUnit]);
    expect(canSeeLead(scope, facts)).toBe(expected);
  });

  it('lists use the same rule as SQL', () => {
    const params: unknown[] = [];
    expect(leadScopeSql(leadScope(who(['crm_sales']), 'team', [myUnit]), 'l', params)).toBe(
      '(l.owner_id = $1 OR l.unit_id = ANY ($2::uuid[]))',
    );
    expect(params).toEqual([me, [myUnit]]);
    expect(leadScopeSql(leadScope(who(['partner'], myPartner), 'all', []), 'l', [])).toBe(
      'l.partner_company_id = $1',
    );
    expect(leadScopeSql(leadScope(who([]), 'all', []), 'l', [])).toBe('FALSE');
  });
});
