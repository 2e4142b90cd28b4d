import {
  City,
  CityCreate,
  CityListQuery,
  CityPatch,
  ConfigListQuery,
  LeadType,
  LeadTypeCreate,
  LeadTypePatch,
  ListValue,
  ListValueCreate,
  ListValuePatch,
  MarketingCampaign,
  MarketingCampaignCreate,
  MarketingCampaignPatch,
  Tag,
  TagCreate,
  TagPatch,
  type ListKind,
} from '@leadline/contract';
import { fieldError } from '../../http/errors';
import type { SortColumn } from '../../lib/keyset';
import type { RecordSpec } from './records';

const byName: Record<string, SortColumn> = {
  name: { sql: 't.name', cast: 'text' },
  createdAt: { sql: 't.created_at', cast: 'timestamptz' },
  updatedAt: { sql: 't.updated_at', cast: 'timestamptz' },
};
const byPosition: Record<string, SortColumn> = { position: { sql: 't.position', cast: 'int' }, ...byName };

/** The tables behind the simple lists of values, and what else still points at a value by its name. */
const listTables: Record<ListKind, { table: string; label: string; textUses?: [string, string][] }> = {
  'lead-sources': { table: 'lead_sources', label: 'lead source' },
  industries: { table: 'industries', label: 'industry' },
  // Job titles and departments are kept as text on contacts and leads (users may type new ones).
  functions: {
    table: 'job_functions',
    label: 'function',
    textUses: [
      ['contacts', 'job_title'],
      ['leads', 'job_title'],
    ],
  },
  departments: {
    table: 'departments',
    label: 'department',
    textUses: [
      ['contacts', 'department'],
      ['leads', 'department'],
    ],
  },
  categories: { table: 'categories', label: 'category' },
  agencies: { table: 'agencies', label: 'agency' },
  'group-companies': { table: 'group_companies', label: 'company of the group' },
  'lost-reasons': { table: 'lost_reasons', label: 'lost reason' },
};

export function listValueSpec(kind: ListKind): RecordSpec {
  const { table, label, textUses } = listTables[kind];
  return {
    path: kind,
    table,
    label,
    tag: 'Lists of values',
    fields: {
      name: { col: 'name' },
      code: { col: 'code' },
      position: { col: 'position' },
      active: { col: 'active' },
    },
    unique: ['name', 'code'],
    sortColumns: byPosition,
    defaultSort: 'position,name',
    search: ['name', 'code'],
    inUse: textUses
      ? async (q, current) => {
          for (const [t, col] of textUses) {
            const rows = await q.query(`SELECT 1 FROM ${t} WHERE lower(${col}) = lower($1) LIMIT 1`, [
              current.name,
            ]);
            if (rows.length) return true;
          }
          return false;
        }
      : undefined,
    schemas: { item: ListValue, create: ListValueCreate, patch: ListValuePatch, query: ConfigListQuery },
  };
}

export const tagSpec: RecordSpec = {
  path: 'tags',
  table: 'tags',
  label: 'tag',
  tag: 'Lists of values',
  fields: { name: { col: 'name' }, color: { col: 'color' }, active: { col: 'active' } },
  unique: ['name'],
  sortColumns: byName,
  defaultSort: 'name',
  search: ['name'],
  // lead_tags cascades on delete: without this check a delete would silently untag leads.
  inUse: async (q, current) =>
    (await q.query('SELECT 1 FROM lead_tags WHERE tag_id = $1 LIMIT 1', [current.id])).length > 0,
  schemas: { item: Tag, create: TagCreate, patch: TagPatch, query: ConfigListQuery },
};

export const citySpec: RecordSpec = {
  path: 'cities',
  table: 'cities',
  label: 'city',
  tag: 'Lists of values',
  fields: {
    name: { col: 'name' },
    region: { col: 'region' },
    country: { col: 'country' },
    postalCode: { col: 'postal_code' },
    active: { col: 'active' },
  },
  unique: [],
  sortColumns: byName,
  defaultSort: 'name',
  search: ['name', 'postal_code'],
  filters: { country: { col: 'country', text: true } },
  // One city per name, region and country (the same name exists in many regions).
  check: async (q, next, errors) => {
    const rows = await q.query(
      `SELECT 1 FROM cities WHERE lower(name) = lower($1) AND lower(coalesce(region, '')) = lower(coalesce($2, ''))
         AND lower(coalesce(country, '')) = lower(coalesce($3, '')) AND id IS DISTINCT FROM $4::uuid`,
      [next.name, next.region ?? null, next.country ?? null, next.id ?? null],
    );
    if (rows.length) errors.push(fieldError('name', 'taken', 'this city is already in the register'));
  },
  schemas: { item: City, create: CityCreate, patch: CityPatch, query: CityListQuery },
};

export const marketingCampaignSpec: RecordSpec = {
  path: 'marketing-campaigns',
  table: 'marketing_campaigns',
  label: 'marketing campaign',
  tag: 'Marketing campaigns',
  fields: {
    name: { col: 'name' },
    description: { col: 'description' },
    startDate: { col: 'start_date' },
    endDate: { col: 'end_date' },
    active: { col: 'active' },
  },
  unique: ['name'],
  sortColumns: { ...byName, startDate: { sql: 't.start_date', cast: 'date', nullable: true } },
  defaultSort: 'name',
  search: ['name'],
  check: (_q, next, errors) => {
    if (next.startDate && next.endDate && String(next.endDate) < String(next.startDate))
      errors.push(fieldError('endDate', 'before_start', 'must not be before the start date'));
  },
  schemas: {
    item: MarketingCampaign,
    create: MarketingCampaignCreate,
    patch: MarketingCampaignPatch,
    query: ConfigListQuery,
  },
};

export const leadTypeSpec: RecordSpec = {
  path: 'lead-types',
  table: 'lead_types',
  label: 'lead type',
  tag: 'Lists of values',
  fields: {
    name: { col: 'name' },
    priority: { col: 'priority' },
    importance: { col: 'importance' },
    estimatedCompletionDays: { col: 'estimated_completion_days' },
    allowedActivityTypes: { col: 'allowed_activity_types' },
    position: { col: 'position' },
    active: { col: 'active' },
  },
  links: {
    allowedUnitIds: {
      table: 'lead_type_units',
      own: 'lead_type_id',
      other: 'unit_id',
      target: 'units',
      label: 'unit',
    },
  },
  unique: ['name'],
  sortColumns: byPosition,
  defaultSort: 'position,name',
  search: ['name'],
  schemas: { item: LeadType, create: LeadTypeCreate, patch: LeadTypePatch, query: ConfigListQuery },
};
