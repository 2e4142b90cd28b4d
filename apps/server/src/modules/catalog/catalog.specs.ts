import {
  ConfigListQuery,
  PartnershipAgreement,
  PartnershipAgreementCreate,
  PartnershipAgreementPatch,
  PartnershipProgram,
  PartnershipProgramCreate,
  PartnershipProgramPatch,
  Product,
  ProductCreate,
  ProductPatch,
  SalesDirection,
  SalesDirectionCreate,
  SalesDirectionPatch,
  type Money,
} from '@leadline/contract';
import { z } from 'zod';
import { fieldError } from '../../http/errors';
import type { SortColumn } from '../../lib/keyset';
import type { RecordSpec } from '../lists';

const byName: Record<string, SortColumn> = {
  name: { sql: 't.name', cast: 'text' },
  createdAt: { sql: 't.created_at', cast: 'timestamptz' },
  updatedAt: { sql: 't.updated_at', cast: 'timestamptz' },
};

export const productSpec: RecordSpec = {
  path: 'products',
  table: 'products',
  label: 'product',
  tag: 'Catalogue',
  fields: {
    name: { col: 'name' },
    code: { col: 'code' },
    description: { col: 'description' },
    // Money travels as { amount: "1250.00", currency: "EUR" } and is stored as numeric + currency.
    price: {
      cols: ['price', 'currency'],
      encode: (v) => (v ? [(v as Money).amount, (v as Money).currency] : [null, null]),
      decode: (row) =>
        row.price == null
          ? null
          : { amount: Number(row.price as string).toFixed(2), currency: (row.currency as string) ?? 'EUR' },
    },
    active: { col: 'active' },
  },
  unique: ['name', 'code'],
  sortColumns: byName,
  defaultSort: 'name',
  search: ['name', 'code'],
  check: (_q, next, errors) => {
    const price = next.price as Money | null | undefined;
    if (price && Number(price.amount) < 0)
      errors.push(fieldError('price.amount', 'negative', 'a price is not negative'));
  },
  schemas: { item: Product, create: ProductCreate, patch: ProductPatch, query: ConfigListQuery },
};

export const salesDirectionSpec: RecordSpec = {
  path: 'sales-directions',
  table: 'sales_directions',
  label: 'sales direction',
  tag: 'Catalogue',
  fields: {
    name: { col: 'name' },
    description: { col: 'description' },
    position: { col: 'position' },
    active: { col: 'active' },
  },
  links: {
    productIds: {
      table: 'sales_direction_products',
      own: 'sales_direction_id',
      other: 'product_id',
      target: 'products',
      label: 'product',
    },
  },
  unique: ['name'],
  sortColumns: { position: { sql: 't.position', cast: 'int' }, ...byName },
  defaultSort: 'position,name',
  search: ['name'],
  schemas: {
    item: SalesDirection,
    create: SalesDirectionCreate,
    patch: SalesDirectionPatch,
    query: ConfigListQuery,
  },
};

export const partnershipProgramSpec: RecordSpec = {
  path: 'partnership-programs',
  table: 'partnership_programs',
  label: 'partnership program',
  tag: 'Partnerships',
  fields: { name: { col: 'name' }, description: { col: 'description' }, active: { col: 'active' } },
  links: {
    salesDirectionIds: {
      table: 'partnership_program_sales_directions',
      own: 'program_id',
      other: 'sales_direction_id',
      target: 'sales_directions',
      label: 'sales direction',
    },
    productIds: {
      table: 'partnership_program_products',
      own: 'program_id',
      other: 'product_id',
      target: 'products',
      label: 'product',
    },
  },
  unique: ['name'],
  sortColumns: byName,
  defaultSort: 'name',
  search: ['name'],
  schemas: {
    item: PartnershipProgram,
    create: PartnershipProgramCreate,
    patch: PartnershipProgramPatch,
    query: ConfigListQuery,
  },
};

/**
 * The partner company may be any company: an agreement is often signed before anyone re-types the
 * company, so its type is neither required to be `partner` nor changed here.
 */
export const partnershipAgreementSpec: RecordSpec = {
  path: 'partnership-agreements',
  table: 'partnership_agreements',
  label: 'partnership agreement',
  tag: 'Partnerships',
  fields: {
    number: { col: 'number' },
    partnerCompanyId: { col: 'partner_company_id' },
    programId: { col: 'program_id' },
    validFrom: { col: 'valid_from' },
    validTo: { col: 'valid_to' },
    active: { col: 'active' },
  },
  refs: {
    partnerCompanyId: ['companies', 'company'],
    programId: ['partnership_programs', 'partnership program'],
  },
  unique: ['number'],
  sortColumns: {
    number: { sql: 't.number', cast: 'text' },
    validTo: { sql: 't.valid_to', cast: 'date', nullable: true },
    createdAt: { sql: 't.created_at', cast: 'timestamptz' },
  },
  defaultSort: 'number',
  search: ['number'],
  filters: { partnerCompanyId: { col: 'partner_company_id' }, programId: { col: 'program_id' } },
  check: (_q, next, errors) => {
    if (next.validFrom && next.validTo && String(next.validTo) < String(next.validFrom))
      errors.push(fieldError('validTo', 'before_start', 'must not be before validFrom'));
  },
  schemas: {
    item: PartnershipAgreement,
    create: PartnershipAgreementCreate,
    patch: PartnershipAgreementPatch,
    query: ConfigListQuery.extend({ partnerCompanyId: z.uuid().optional(), programId: z.uuid().optional() }),
  },
};
