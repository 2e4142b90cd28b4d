import { z } from 'zod';
import { Role, Timestamp, crmRoles, requiredText, text } from './common';
import { Locale } from './locale';

export const Email = z
  .string()
  .max(254)
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.email('must be a valid e-mail address'));

export const Password = z.string().min(10, 'must have at least 10 characters').max(200);

export const User = z.object({
  id: z.uuid(),
  email: z.string().nullable(),
  name: z.string(),
  roles: z.array(Role),
  unitIds: z.array(z.uuid()),
  partnerCompanyId: z.uuid().nullable(),
  active: z.boolean(),
  /** Away (holiday, sick leave): round-robin assignment passes the user by. */
  away: z.boolean(),
  /** The user's language; null follows the browser's. */
  locale: Locale.nullable(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type User = z.infer<typeof User>;

/**
 * Who may own a lead: an active user with a CRM role (a partner's employee works leads but never owns
 * them; an integration's user is never listed). The server checks the same on every save and Assign;
 * owner pickers offer only these users.
 */
export const mayOwnLeads = (u: Pick<User, 'active' | 'roles'>): boolean =>
  u.active && u.roles.some((r) => crmRoles.includes(r));

export const UserCreate = z.object({
  email: Email,
  name: requiredText(200),
  password: Password,
  roles: z.array(Role).min(1, 'at least one role').max(5),
  unitIds: z.array(z.uuid()).max(100).default([]),
  partnerCompanyId: z.uuid().nullable().optional(),
  active: z.boolean().default(true),
});
export type UserCreate = z.infer<typeof UserCreate>;

export const UserPatch = z
  .object({
    email: Email,
    name: requiredText(200),
    password: Password,
    roles: z.array(Role).min(1).max(5),
    unitIds: z.array(z.uuid()).max(100),
    partnerCompanyId: z.uuid().nullable(),
    active: z.boolean(),
    away: z.boolean(),
  })
  .partial();
export type UserPatch = z.infer<typeof UserPatch>;

export const UserListQuery = z.object({
  q: text(200).optional(),
  active: z.enum(['true', 'false']).optional(),
  role: Role.optional(),
  unitId: z.uuid().optional(),
});

export const Login = z.object({ email: z.string().max(254), password: z.string().max(200) });
/** What every screen needs of the organisation's settings to show dates and money. */
export const Organisation = z.object({ locale: Locale, timeZone: z.string(), currency: z.string() });
export type Organisation = z.infer<typeof Organisation>;
export const Session = z.object({ user: User, csrfToken: z.string(), organisation: Organisation });
export type Session = z.infer<typeof Session>;
export const PasswordChange = z.object({ currentPassword: z.string().max(200), newPassword: Password });

export const Unit = z.object({
  id: z.uuid(),
  name: z.string(),
  memberIds: z.array(z.uuid()),
  collaboratingUnitIds: z.array(z.uuid()),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Unit = z.infer<typeof Unit>;
export const UnitCreate = z.object({
  name: requiredText(200),
  memberIds: z.array(z.uuid()).max(1000).default([]),
  collaboratingUnitIds: z.array(z.uuid()).max(100).default([]),
  active: z.boolean().default(true),
});
export const UnitPatch = z
  .object({
    name: requiredText(200),
    memberIds: z.array(z.uuid()).max(1000),
    collaboratingUnitIds: z.array(z.uuid()).max(100),
    active: z.boolean(),
  })
  .partial();

export const ApiTokenCreate = z.object({
  name: requiredText(200),
  roles: z.array(Role).min(1, 'at least one role').max(5),
});
export const ApiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  roles: z.array(Role),
  prefix: z.string(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export const ApiTokenCreated = ApiToken.extend({ token: z.string() });

/**
 * A cookie the web reads (it holds no secret, the session cookie stays HttpOnly): set at sign-in and
 * cleared at sign-out, so that the sign-in page does not ask for a session it knows is not there.
 */
export const SIGNED_IN_HINT_COOKIE = 'leadline_signed_in';
