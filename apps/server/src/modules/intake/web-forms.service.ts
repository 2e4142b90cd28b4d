import type { FieldError, WebForm, WebFormCreate, WebFormPatch } from '@leadline/contract';
import type { Database } from '../../db/client';
import { conflict, fieldError, invalid, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { can } from '../access/policy';
import type { Principal } from '../access/principal';
import { createUsersRepository } from '../users';
import { createWebFormsRepository, type FormColumnField, type StoredWebForm } from './web-forms.repository';
import type { PageRequest } from '../../lib/pagination';
import { memoTransaction } from '../../lib/memo';

const referenceTables = {
  sourceId: 'lead_sources',
  salesDirectionId: 'sales_directions',
  ownerId: 'users',
  unitId: 'units',
  marketingCampaignId: 'marketing_campaigns',
} as const;

export const formPath = (slug: string) => `/forms/${slug}`;
const view = ({ userId: _userId, ...f }: StoredWebForm): WebForm => ({ ...f, path: formPath(f.slug) });

/** Someone who may not manage forms does not learn which exist: 404, like a record they cannot see. */
function assertAdmin(p: Principal) {
  if (!can(p, 'read', 'intake')) throw notFound('web form');
}

/** Web forms, for administrators: what a form asks and the defaults of the leads it creates. */
export function createWebFormsService({ db }: { db: Database }) {
  // The public forms keep each form in the memo: a change empties it, so the next post reads the change.
  const write = memoTransaction(db);
  async function check(
    repo: ReturnType<typeof createWebFormsRepository>,
    input: WebFormPatch,
    id: string | null,
  ): Promise<void> {
    const errors: FieldError[] = [];
    if (input.slug && (await repo.slugTaken(input.slug, id)))
      errors.push(fieldError('slug', 'taken', 'another form has this address'));
    const refs: { field: string; table: string; id: string }[] = [];
    for (const [field, table] of Object.entries(referenceTables)) {
      const id = input[field as keyof typeof referenceTables];
      if (typeof id === 'string') refs.push({ field, table, id });
    }
    for (const field of await repo.missingReferences(refs))
      errors.push(
        fieldError(
          field,
          field === 'ownerId' ? 'inactive_user' : 'not_found',
          field === 'ownerId' ? 'must be an active user' : 'no such record',
        ),
      );
    if (errors.length) throw invalid(errors);
  }

  const columnsOf = (input: WebFormPatch) =>
    Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<
      Record<FormColumnField, unknown>
    >;

  return {
    async list(p: Principal, request: PageRequest) {
      assertAdmin(p);
      const page = await createWebFormsRepository(db).list(request);
      return { ...page, items: page.items.map(view) };
    },

    async get(p: Principal, id: string) {
      assertAdmin(p);
      const form = await createWebFormsRepository(db).get(id);
      if (!form) throw notFound('web form');
      return view(form);
    },

    /** A form gets its own integration user: its leads' history says which form created them. */
    async create(p: Principal, input: WebFormCreate) {
      assertAdmin(p);
      return write(async (tx) => {
        const repo = createWebFormsRepository(tx);
        await check(repo, input, null);
        const userId = await createUsersRepository(tx).insert({
          email: null,
          name: `Web form: ${input.name}`.slice(0, 200),
          passwordHash: null,
          roles: ['crm_sales'],
          partnerCompanyId: null,
          active: true,
          isIntegration: true,
        });
        const id = await repo.insert(columnsOf(input), userId);
        return view((await repo.get(id))!);
      });
    },

    async update(p: Principal, id: string, input: WebFormPatch, version: number | undefined) {
      assertAdmin(p);
      return write(async (tx) => {
        const repo = createWebFormsRepository(tx);
        const current = await repo.lock(id);
        if (!current) throw notFound('web form');
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        await check(repo, input, id);
        const values = columnsOf(input);
        if (Object.keys(values).length) await repo.update(id, values);
        return view((await repo.get(id))!);
      });
    },

    /** A form that received submissions stays for their record: switch it off (active: false) instead. */
    async remove(p: Principal, id: string) {
      assertAdmin(p);
      await write(async (tx) => {
        const repo = createWebFormsRepository(tx);
        if (!(await repo.lock(id))) throw notFound('web form');
        if (await repo.hasSubmissions(id))
          throw conflict('This form received submissions; deactivate it instead.', 'form_in_use');
        const row = await repo.delete(id);
        // The form's own integration user signs its leads; it is switched off with the form's removal.
        await createUsersRepository(tx).retireIntegrationUser(row.user_id);
      });
    },
  };
}
export type WebFormsService = ReturnType<typeof createWebFormsService>;
