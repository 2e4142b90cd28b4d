import type { WebForm, WebFormField } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { camelRow } from '../../lib/sql';
import { keysetPage, type PageRequest } from '../../lib/pagination';

const columns = `f.id, f.name, f.slug, f.fields, f.source_id, f.sales_direction_id, f.owner_id, f.unit_id,
  f.marketing_campaign_id, f.thank_you, f.redirect_url, f.consent_text, f.consent_version, f.allowed_origins,
  f.active, f.user_id, f.version, f.created_at, f.updated_at`;

/** A form as stored, with the integration user its leads are created by. */
export type StoredWebForm = Omit<WebForm, 'path'> & { userId: string };

const mapForm = (r: Record<string, unknown>): StoredWebForm => {
  const f = camelRow<StoredWebForm>(r);
  const fields = (typeof r.fields === 'string' ? JSON.parse(r.fields) : r.fields) as WebFormField[];
  return {
    ...f,
    fields: fields.map((x) => ({ key: x.key, label: x.label ?? null, required: !!x.required })),
  };
};

/** Column of each writable field of a form. */
export const formColumns = {
  name: 'name',
  slug: 'slug',
  fields: 'fields',
  sourceId: 'source_id',
  salesDirectionId: 'sales_direction_id',
  ownerId: 'owner_id',
  unitId: 'unit_id',
  marketingCampaignId: 'marketing_campaign_id',
  thankYou: 'thank_you',
  redirectUrl: 'redirect_url',
  consentText: 'consent_text',
  allowedOrigins: 'allowed_origins',
  active: 'active',
} as const;
export type FormColumnField = keyof typeof formColumns;

const valueOf = (field: FormColumnField, v: unknown) => (field === 'fields' ? JSON.stringify(v) : v);

export function createWebFormsRepository(db: Queryable) {
  async function get(id: string) {
    const [row] = await db.query(`SELECT ${columns} FROM web_forms f WHERE f.id = $1`, [id]);
    return row ? mapForm(row) : undefined;
  }
  async function bySlug(slug: string) {
    const [row] = await db.query(`SELECT ${columns} FROM web_forms f WHERE f.slug = $1`, [slug]);
    return row ? mapForm(row) : undefined;
  }
  return {
    list: (request: PageRequest) =>
      keysetPage(db, {
        columns,
        from: 'web_forms f',
        where: [],
        params: [],
        sortColumns: {
          name: { sql: 'f.name', cast: 'text' },
          createdAt: { sql: 'f.created_at', cast: 'timestamptz' },
        },
        defaultSort: 'name',
        idColumn: 'f.id',
        request,
        map: mapForm,
      }),

    get,
    bySlug,

    /**
     * A form as every post to it reads it: kept in the database's memo (the service empties it when a
     * form changes), so that a stream of submissions does not read the same row again and again.
     * The answer is shared between requests: callers must not change it.
     */
    memoBySlug(slug: string) {
      return db.memo.get(`web-form:slug:${slug}`, () => bySlug(slug));
    },

    memoById(id: string) {
      return db.memo.get(`web-form:id:${id}`, () => get(id));
    },

    async slugTaken(slug: string, exceptId: string | null) {
      const rows = await db.query('SELECT 1 FROM web_forms WHERE slug = $1 AND id IS DISTINCT FROM $2', [
        slug,
        exceptId,
      ]);
      return rows.length > 0;
    },

    async insert(values: Partial<Record<FormColumnField, unknown>>, userId: string) {
      const fields = Object.keys(values) as FormColumnField[];
      const params = [...fields.map((f) => valueOf(f, values[f])), userId];
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO web_forms (${[...fields.map((f) => formColumns[f]), 'user_id'].join(', ')})
         VALUES (${params.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
        params,
      );
      return row.id;
    },

    /** Changes the given fields; a changed consent text gets the next consent version. */
    async update(id: string, values: Partial<Record<FormColumnField, unknown>>) {
      const fields = Object.keys(values) as FormColumnField[];
      const params: unknown[] = [id, ...fields.map((f) => valueOf(f, values[f]))];
      const sets = fields.map((f, i) => `${formColumns[f]} = $${i + 2}`);
      if (fields.includes('consentText'))
        sets.push(
          `consent_version = consent_version + (consent_text IS DISTINCT FROM $${fields.indexOf('consentText') + 2})::int`,
        );
      await db.query(
        `UPDATE web_forms SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1`,
        params,
      );
    },

    async lock(id: string) {
      const rows = await db.query<{ version: number }>(
        'SELECT version FROM web_forms WHERE id = $1 FOR UPDATE',
        [id],
      );
      return rows[0];
    },

    /** Whether any submission (kept for the record, or waiting for a retry) still refers to the form. */
    async hasSubmissions(id: string) {
      return (await db.query('SELECT 1 FROM intake_submissions WHERE form_id = $1 LIMIT 1', [id])).length > 0;
    },

    async delete(id: string) {
      const [row] = await db.query<{ user_id: string }>(
        'DELETE FROM web_forms WHERE id = $1 RETURNING user_id',
        [id],
      );
      return row;
    },

    /** The ids among the given references that do not exist, per field. */
    async missingReferences(refs: { field: string; table: string; id: string }[]) {
      if (refs.length === 0) return [];
      const parts = refs.map(
        (r, i) =>
          `SELECT '${r.field}' AS field WHERE NOT EXISTS (SELECT 1 FROM ${r.table} WHERE id = $${i + 1}${
            r.table === 'users' ? ' AND active AND NOT is_integration' : ''
          })`,
      );
      const rows = await db.query<{ field: string }>(
        parts.join(' UNION ALL '),
        refs.map((r) => r.id),
      );
      return rows.map((r) => r.field);
    },

    /** The signing secret of `name`, made on first use. */
    async secret(name: string, fresh: string) {
      await db.query(
        'INSERT INTO intake_secrets (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
        [name, fresh],
      );
      const [row] = await db.query<{ secret: string }>('SELECT secret FROM intake_secrets WHERE name = $1', [
        name,
      ]);
      return row.secret;
    },

    /** The source a form's leads get when the form names none: "Website form". */
    websiteFormSourceId() {
      return db.memo.get('lead-source:website_form', async () => {
        const [row] = await db.query<{ id: string }>(
          `SELECT id FROM lead_sources WHERE code = 'website_form'`,
        );
        return row?.id ?? null;
      });
    },
  };
}
export type WebFormsRepository = ReturnType<typeof createWebFormsRepository>;
