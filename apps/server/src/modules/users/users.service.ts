import type { FieldError, MePatch, Role, UserCreate, UserPatch } from '@leadline/contract';
import { z } from 'zod';
import { UnitCreate, UnitPatch, UserListQuery } from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { AppError, fieldError, invalid, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { keysetOf, ownValues, pageOf, withTotal } from '../../lib/pagination';
import { memoTransaction } from '../../lib/memo';
import { hashPassword, verifyPassword } from '../../lib/passwords';
import { authorize, can } from '../access/policy';
import { createSignInThrottle, passwordCheckRule } from '../auth';
import type { Principal } from '../access/principal';
import type { Mailer } from '../mail/mailer';
import { enqueueUserMail } from '../mail/user-mail';
import { readSettings } from '../settings/settings.service';
import { createUsersRepository, userSortColumns } from './users.repository';

type ListFilters = z.infer<typeof UserListQuery>;

/** People who may not read a kind of record do not learn whether one exists: 404, not 403. */
function assertVisible(p: Principal, subject: 'users' | 'units') {
  if (!can(p, 'read', subject)) throw notFound(subject === 'users' ? 'user' : 'unit');
}

/** Ends every open session of a user; given by the auth module, which owns sessions and asks for users. */
export type EndSessions = (q: Queryable, userId: string) => Promise<void>;

export function createUsersService({
  db,
  endSessions,
  mailer,
}: {
  db: Database;
  endSessions: EndSessions;
  mailer?: Pick<Mailer, 'enqueue'>;
}) {
  const repo = createUsersRepository(db);
  // Who a session or token belongs to (roles, units, active) and the team units are kept between
  // requests: every change of users and units empties the memo.
  const write = memoTransaction(db);
  const passwordThrottle = createSignInThrottle(db);

  async function checkUserInput(
    r: ReturnType<typeof createUsersRepository>,
    input: { email?: string; roles?: Role[]; unitIds?: string[]; partnerCompanyId?: string | null },
    current?: { id: string; roles: Role[]; partnerCompanyId: string | null },
  ) {
    const errors: FieldError[] = [];
    if (input.email && (await r.emailTaken(input.email, current?.id))) {
      errors.push(fieldError('email', 'taken', 'another user has this e-mail address'));
    }
    if (input.unitIds) {
      const found = await r.existingUnitIds(input.unitIds);
      input.unitIds.forEach((id, i) => {
        if (!found.has(id)) errors.push(fieldError(`unitIds.${i}`, 'not_found', 'no such unit'));
      });
    }
    const roles = input.roles ?? current?.roles ?? [];
    const partnerCompanyId =
      input.partnerCompanyId !== undefined ? input.partnerCompanyId : current?.partnerCompanyId;
    if (input.partnerCompanyId && !(await r.companyExists(input.partnerCompanyId))) {
      errors.push(fieldError('partnerCompanyId', 'not_found', 'no such company'));
    }
    if (roles.includes('partner')) {
      if (!partnerCompanyId) {
        errors.push(
          fieldError('partnerCompanyId', 'required', 'a partner user belongs to a partner company'),
        );
      }
      if (roles.length > 1) {
        errors.push(
          fieldError('roles', 'partner_exclusive', 'a partner user has no CRM role besides partner'),
        );
      }
    }
    return errors;
  }

  return {
    async list(
      p: Principal,
      query: ListFilters & { limit: number; cursor?: string; sort?: string; count?: boolean },
    ) {
      authorize(p, 'read', 'users');
      const k = keysetOf(query, userSortColumns, 'name', 'u.id');
      const result = await repo.list(
        {
          q: query.q,
          active: query.active === undefined ? undefined : query.active === 'true',
          role: query.role,
          unitId: query.unitId,
        },
        k,
      );
      return withTotal(pageOf(result.rows, k, ownValues), query, result.count);
    },

    async get(p: Principal, id: string) {
      if (p.userId !== id) assertVisible(p, 'users');
      const user = await repo.get(id);
      if (!user) throw notFound('user');
      return user;
    },

    /** The signed-in user's own record (sign-in and /me), whatever their roles. */
    async getSelf(id: string) {
      const user = await repo.get(id, true);
      if (!user) throw notFound('user');
      return user;
    },

    /** The organisation's language, time zone and currency, for everyone signed in (partners too). */
    async organisation() {
      const s = await readSettings(db);
      return { locale: s.locale, timeZone: s.timeZone, currency: s.defaultCurrency };
    },

    /** What a person changes about themselves, whatever their roles: for now the language. */
    async updateSelf(p: Principal, input: MePatch) {
      const set: Record<string, unknown> = {};
      if (input.locale !== undefined) set.locale = input.locale;
      if (input.away !== undefined) set.away = input.away;
      if (Object.keys(set).length > 0 && !(await repo.update(p.userId, undefined, set)))
        throw new AppError('forbidden', 403, 'An integration token has no language to change.');
      const user = await repo.get(p.userId, true);
      if (!user) throw notFound('user');
      return user;
    },

    async create(p: Principal, input: UserCreate) {
      authorize(p, 'create', 'users');
      const passwordHash = await hashPassword(input.password);
      return write(async (tx) => {
        const r = createUsersRepository(tx);
        const errors = await checkUserInput(r, input);
        if (errors.length) throw invalid(errors);
        const id = await r.insert({
          email: input.email,
          name: input.name,
          passwordHash,
          roles: [...new Set(input.roles)],
          partnerCompanyId: input.partnerCompanyId ?? null,
          active: input.active,
        });
        await r.setUnits(id, [...new Set(input.unitIds)]);
        return (await r.get(id))!;
      });
    },

    async update(p: Principal, id: string, input: UserPatch, version: number | undefined) {
      assertVisible(p, 'users');
      authorize(p, 'update', 'users');
      const passwordHash = input.password ? await hashPassword(input.password) : undefined;
      return write(async (tx) => {
        const r = createUsersRepository(tx);
        const current = await r.get(id);
        if (!current) throw notFound('user');
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        const errors = await checkUserInput(r, input, current);
        const losesAdmin =
          (input.active === false || (input.roles && !input.roles.includes('crm_admin'))) &&
          current.roles.includes('crm_admin');
        if (losesAdmin && (await r.countActiveAdmins(id)) === 0) {
          errors.push(
            fieldError(
              input.active === false ? 'active' : 'roles',
              'last_admin',
              'the last active administrator must stay one',
            ),
          );
        }
        if (errors.length) throw invalid(errors);
        const set: Record<string, unknown> = {};
        if (input.email !== undefined) set.email = input.email;
        if (input.name !== undefined) set.name = input.name;
        if (input.roles !== undefined) set.roles = [...new Set(input.roles)];
        if (input.partnerCompanyId !== undefined) set.partner_company_id = input.partnerCompanyId;
        if (input.active !== undefined) set.active = input.active;
        if (input.away !== undefined) set.away = input.away;
        if (passwordHash) set.password_hash = passwordHash;
        if (!(await r.update(id, version, set))) throw staleVersion((await r.userVersion(id)) ?? 0);
        if (input.unitIds) await r.setUnits(id, [...new Set(input.unitIds)]);
        // A new password or a deactivation ends every open session of that user at once.
        if (passwordHash || input.active === false) await endSessions(tx, id);
        return (await r.get(id))!;
      });
    },

    async changeOwnPassword(p: Principal, currentPassword: string, newPassword: string) {
      if (p.via !== 'session')
        throw new AppError('forbidden', 403, 'Only a signed-in person changes a password.');
      // Held to the sign-in pace: a taken-over session must not become a way to guess the password.
      const rule = passwordCheckRule(p.userId);
      const attempt = await passwordThrottle.reserve([rule]);
      const ok = await verifyPassword(await repo.passwordHash(p.userId), currentPassword);
      if (!ok)
        throw invalid([fieldError('currentPassword', 'wrong_password', 'is not your current password')]);
      await attempt.succeeded(rule.key);
      const hash = await hashPassword(newPassword);
      await write(async (tx) => {
        await createUsersRepository(tx).setPassword(p.userId, hash);
        await endSessions(tx, p.userId);
        // The owner hears of it, in their language, in case it was not them.
        if (mailer) await enqueueUserMail(mailer, tx, p.userId, 'passwordChanged');
      });
    },

    async listUnits(p: Principal) {
      authorize(p, 'read', 'units');
      const items = await repo.listUnits();
      return { items, nextCursor: null, total: items.length };
    },

    async getUnit(p: Principal, id: string) {
      assertVisible(p, 'units');
      const unit = await repo.getUnit(id);
      if (!unit) throw notFound('unit');
      return unit;
    },

    async createUnit(p: Principal, input: z.infer<typeof UnitCreate>) {
      authorize(p, 'create', 'units');
      return write(async (tx) => {
        const r = createUsersRepository(tx);
        const errors = await checkUnitInput(r, input);
        if (errors.length) throw invalid(errors);
        const id = await r.insertUnit(input.name, input.active);
        await r.setMembers(id, [...new Set(input.memberIds)]);
        await r.setCollaborations(id, [...new Set(input.collaboratingUnitIds)]);
        return (await r.getUnit(id))!;
      });
    },

    async updateUnit(
      p: Principal,
      id: string,
      input: z.infer<typeof UnitPatch>,
      version: number | undefined,
    ) {
      assertVisible(p, 'units');
      authorize(p, 'update', 'units');
      return write(async (tx) => {
        const r = createUsersRepository(tx);
        const current = await r.getUnit(id);
        if (!current) throw notFound('unit');
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        const errors = await checkUnitInput(r, input, id);
        if (errors.length) throw invalid(errors);
        if (!(await r.updateUnit(id, version, input))) throw staleVersion((await r.unitVersion(id)) ?? 0);
        if (input.memberIds) await r.setMembers(id, [...new Set(input.memberIds)]);
        if (input.collaboratingUnitIds)
          await r.setCollaborations(id, [...new Set(input.collaboratingUnitIds)]);
        return (await r.getUnit(id))!;
      });
    },

    async deleteUnit(p: Principal, id: string) {
      assertVisible(p, 'units');
      authorize(p, 'delete', 'units');
      await write(async (tx) => {
        if (!(await createUsersRepository(tx).deleteUnit(id))) throw notFound('unit');
      });
    },
  };
}

async function checkUnitInput(
  r: ReturnType<typeof createUsersRepository>,
  input: { name?: string; memberIds?: string[]; collaboratingUnitIds?: string[] },
  selfId?: string,
) {
  const errors: FieldError[] = [];
  if (input.name && (await r.unitNameTaken(input.name, selfId))) {
    errors.push(fieldError('name', 'taken', 'another unit has this name'));
  }
  if (input.memberIds) {
    const found = await r.existingUserIds(input.memberIds);
    input.memberIds.forEach((id, i) => {
      if (!found.has(id)) errors.push(fieldError(`memberIds.${i}`, 'not_found', 'no such user'));
    });
  }
  if (input.collaboratingUnitIds) {
    const found = await r.existingUnitIds(input.collaboratingUnitIds);
    input.collaboratingUnitIds.forEach((id, i) => {
      if (id === selfId)
        errors.push(
          fieldError(`collaboratingUnitIds.${i}`, 'self', 'a unit does not collaborate with itself'),
        );
      else if (!found.has(id))
        errors.push(fieldError(`collaboratingUnitIds.${i}`, 'not_found', 'no such unit'));
    });
  }
  return errors;
}

export type UsersService = ReturnType<typeof createUsersService>;
