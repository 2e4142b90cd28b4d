import type { Queryable } from '../../db/client';

/** The reference columns of a lead that an export shows by name, and the table each points to. */
export const namedReferences = {
  statusId: 'lead_statuses',
  sourceId: 'lead_sources',
  leadTypeId: 'lead_types',
  ownerId: 'users',
  unitId: 'units',
  salesDirectionId: 'sales_directions',
  productId: 'products',
  marketingCampaignId: 'marketing_campaigns',
} as const;
export type NamedReference = keyof typeof namedReferences;

export function createExportRepository(db: Queryable) {
  return {
    /**
     * The names of the records a page of leads refers to, in one round trip per page (never one per
     * lead): ids are UUIDs, so one map holds them all.
     */
    async names(idsByRef: Record<NamedReference, string[]>): Promise<Map<string, string>> {
      const parts: string[] = [];
      const params: unknown[] = [];
      for (const [ref, table] of Object.entries(namedReferences)) {
        const ids = idsByRef[ref as NamedReference];
        if (ids.length === 0) continue;
        params.push(ids);
        parts.push(`SELECT id::text AS id, name FROM ${table} WHERE id = ANY ($${params.length}::uuid[])`);
      }
      if (parts.length === 0) return new Map();
      const rows = await db.query<{ id: string; name: string }>(parts.join(' UNION ALL '), params);
      return new Map(rows.map((r) => [r.id, r.name]));
    },
  };
}
