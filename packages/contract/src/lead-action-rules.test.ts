import { describe, expect, it } from 'vitest';
import type { Role } from './common';
import {
  actionRefusal,
  allowedActions,
  rolesMayRun,
  type ActionActor,
  type ActionLead,
} from './lead-action-rules';

const me = 'u-me';
const other = 'u-other';
const unit = 'unit-1';
const actor = (roles: Role[], unitIds: string[] = []): ActionActor => ({ userId: me, roles, unitIds });
const lead = (over: Partial<ActionLead> = {}): ActionLead => ({
  phase: 'in_progress',
  active: true,
  ownerId: me,
  unitId: null,
  ...over,
});
const sales = actor(['crm_sales']);
const manager = actor(['crm_manager']);
const marketeer = actor(['crm_marketeer']);
const admin = actor(['crm_admin']);
const partner = actor(['partner']);

describe('the lead action table', () => {
  it('refuses every action to a user without a CRM role', () => {
    expect(allowedActions(partner, lead())).toEqual(new Set());
    expect(actionRefusal(partner, 'take', lead())).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('lets crm_admin and crm_sales assign any new lead, a marketeer or manager only one they own', () => {
    const fresh = lead({ phase: 'new', ownerId: other });
    expect(actionRefusal(sales, 'assign', fresh)).toBeNull();
    expect(actionRefusal(admin, 'assign', fresh)).toBeNull();
    expect(actionRefusal(marketeer, 'assign', fresh)).toMatchObject({ status: 403 });
    expect(actionRefusal(manager, 'assign', fresh)).toMatchObject({ status: 403 });
    expect(actionRefusal(manager, 'assign', lead({ phase: 'new' }))).toBeNull();
  });

  it('says which rule refused, and names roles in words, never by their codes', () => {
    const fresh = lead({ phase: 'new', ownerId: other });
    const byManager = actionRefusal(manager, 'assign', fresh)!;
    expect(byManager.reason).toBe('not_assigner');
    expect(byManager.message).toBe(
      "Only the lead's owner, an administrator or a sales user may assign this lead.",
    );
    const byMarketeer = actionRefusal(marketeer, 'add-to-marketing-list', fresh)!;
    expect(byMarketeer).toMatchObject({ status: 403, reason: 'role' });
    expect(byMarketeer.message).toContain('an administrator, a manager or a sales user');
    for (const r of [byManager, byMarketeer, actionRefusal(sales, 'drop', fresh)!])
      expect(r.message).not.toMatch(/crm_|partner\b/);
    expect(actionRefusal(sales, 'qualify', lead({ ownerId: other }))!.reason).toBe('not_owner');
    expect(actionRefusal(sales, 'qualify', lead({ active: false }))!.reason).toBe('inactive');
  });

  it('offers Add to marketing list to sales users and managers (and administrators), never to a marketeer', () => {
    expect(rolesMayRun(['crm_sales'], 'add-to-marketing-list')).toBe(true);
    expect(rolesMayRun(['crm_manager'], 'add-to-marketing-list')).toBe(true);
    expect(rolesMayRun(['crm_marketeer'], 'add-to-marketing-list')).toBe(false);
    expect(rolesMayRun(['partner'], 'add-to-marketing-list')).toBe(false);
  });

  it('answers a wrong phase with 409 before looking at ownership', () => {
    const r = actionRefusal(marketeer, 'assign', lead({ phase: 'won', ownerId: other }));
    expect(r).toMatchObject({ status: 409, code: 'wrong_phase' });
    expect(r?.message).toContain('needs a lead that is new');
  });

  it('lets only the owner (or crm_admin) qualify, disqualify or convert', () => {
    for (const action of ['qualify', 'disqualify', 'convert'] as const) {
      expect(actionRefusal(sales, action, lead())).toBeNull();
      expect(actionRefusal(admin, action, lead({ ownerId: other }))).toBeNull();
      expect(actionRefusal(sales, action, lead({ ownerId: other }))).toMatchObject({ status: 403 });
    }
    expect(actionRefusal(sales, 'convert', lead({ ownerId: other }))?.message).toBe(
      "Only the lead's owner may qualify it.",
    );
  });

  it('refuses reassign, qualify, disqualify and drop on an inactive lead, but not activate', () => {
    const inactive = lead({ active: false });
    for (const action of ['reassign', 'qualify', 'disqualify', 'drop'] as const)
      expect(actionRefusal(admin, action, inactive)).toMatchObject({ status: 409, code: 'lead_inactive' });
    expect(actionRefusal(sales, 'activate', inactive)).toBeNull();
    expect(actionRefusal(sales, 'take', inactive)).toBeNull();
  });

  it('refuses qualify, disqualify and drop while only a unit owns the lead', () => {
    const queued = lead({ ownerId: null, unitId: unit });
    for (const action of ['qualify', 'disqualify', 'drop'] as const)
      expect(actionRefusal(admin, action, queued)).toMatchObject({ status: 409, code: 'unit_owned' });
  });

  it('lets only a member of the unit accept a lead waiting in its queue', () => {
    const queued = lead({ phase: 'new', ownerId: null, unitId: unit });
    expect(actionRefusal(actor(['crm_sales'], [unit]), 'accept', queued)).toBeNull();
    expect(actionRefusal(sales, 'accept', queued)).toMatchObject({ status: 403 });
    expect(actionRefusal(actor(['crm_sales'], [unit]), 'accept', lead({ phase: 'new' }))).toMatchObject({
      status: 409,
      code: 'not_in_unit_queue',
    });
  });

  it('lets crm_admin and crm_manager drop, and only crm_admin reopen', () => {
    expect(actionRefusal(manager, 'drop', lead({ ownerId: other }))).toBeNull();
    expect(actionRefusal(sales, 'drop', lead())).toMatchObject({ status: 403 });
    expect(actionRefusal(admin, 'reopen', lead({ phase: 'lost' }))).toBeNull();
    expect(actionRefusal(manager, 'reopen', lead({ phase: 'lost' }))).toMatchObject({ status: 403 });
  });

  it('lists what a salesperson may do on a new lead someone else owns', () => {
    expect(allowedActions(sales, lead({ phase: 'new', ownerId: other }))).toEqual(
      new Set(['assign', 'take', 'move', 'activate', 'deactivate', 'add-to-marketing-list']),
    );
  });

  it('lists only reopen and the always-allowed actions on a closed lead for crm_admin', () => {
    expect(allowedActions(admin, lead({ phase: 'dropped' }))).toEqual(
      new Set(['reopen', 'activate', 'deactivate', 'add-to-marketing-list']),
    );
  });

  it('tells a bulk bar which actions a role may run at all', () => {
    expect(rolesMayRun(['crm_marketeer'], 'add-to-marketing-list')).toBe(false);
    expect(rolesMayRun(['crm_marketeer'], 'take')).toBe(true);
    expect(rolesMayRun(['crm_sales'], 'drop')).toBe(false);
    expect(rolesMayRun(['crm_manager'], 'drop')).toBe(true);
    expect(rolesMayRun(['partner'], 'take')).toBe(false);
  });
});
