import { crmRoles, type Role } from '@leadline/contract';
import { forbidden } from '../../http/errors';
import type { Principal } from './principal';

/**
 * The one place that answers "may this user do X". Services ask it before they touch a record;
 * routes and repositories never decide access. Lead rules (ownership, units, partners) live in
 * lead-policy.ts beside this file and build on the helpers here.
 */
export type Subject = 'users' | 'units' | 'api_tokens' | 'configuration' | 'settings' | 'outbox' | 'intake';
export type Action = 'read' | 'create' | 'update' | 'delete';

export const hasRole = (p: Principal, ...roles: Role[]) => p.roles.some((r) => roles.includes(r));
export const isCrmUser = (p: Principal) => hasRole(p, ...crmRoles);
export const isAdmin = (p: Principal) => hasRole(p, 'crm_admin');

const rules: Record<Subject, Record<Action, (p: Principal) => boolean>> = {
  // Every CRM user needs the user list to choose an owner; only admins change accounts.
  users: { read: isCrmUser, create: isAdmin, update: isAdmin, delete: isAdmin },
  units: { read: isCrmUser, create: isAdmin, update: isAdmin, delete: isAdmin },
  api_tokens: { read: isAdmin, create: isAdmin, update: isAdmin, delete: isAdmin },
  // Lists of values feed every lead form, so every CRM user reads them; partners see only their leads.
  configuration: { read: isCrmUser, create: isAdmin, update: isAdmin, delete: isAdmin },
  settings: { read: isCrmUser, create: isAdmin, update: isAdmin, delete: isAdmin },
  // Messages hold other people's addresses and texts: the administrator's to read.
  outbox: { read: isAdmin, create: isAdmin, update: isAdmin, delete: isAdmin },
  // Web forms and the submissions they receive (people's details, consent records): the administrator's.
  intake: { read: isAdmin, create: isAdmin, update: isAdmin, delete: isAdmin },
};

export function can(p: Principal, action: Action, subject: Subject): boolean {
  return rules[subject][action](p);
}

export function authorize(p: Principal, action: Action, subject: Subject): void {
  if (!can(p, action, subject))
    throw forbidden(`Your roles do not allow you to ${action} ${subject.replace('_', ' ')}.`);
}
