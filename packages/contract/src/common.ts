import { z } from 'zod';

/** Roles and phases are fixed by the product; everything else configurable lives in tables. */
export const roles = ['crm_admin', 'crm_manager', 'crm_sales', 'crm_marketeer', 'partner'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;
export const crmRoles: readonly Role[] = ['crm_admin', 'crm_manager', 'crm_sales', 'crm_marketeer'];

export const phases = ['new', 'in_progress', 'won', 'lost', 'dropped'] as const;
export const Phase = z.enum(phases);
export type Phase = z.infer<typeof Phase>;
export const openPhases: readonly Phase[] = ['new', 'in_progress'];

/** Every free-text input has a ceiling: no request can push a 200 kB string into an index. */
export const text = (max = 500) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain NUL characters' });
export const trimmed = (max = 500) => text(max).transform((s) => s.trim());
export const requiredText = (max = 500) =>
  text(max)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'is required'));

export const Id = z.uuid();
export const IdParams = z.object({ id: z.uuid() });

export const Timestamp = z.string();
export const DateOnly = z.iso.date();

export const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1c7ed6');

/** Query-string booleans arrive as text. */
export const QueryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(2000).optional(),
  sort: z.string().max(200).optional(),
  count: QueryBool.optional(),
});
export type ListQuery = z.infer<typeof ListQuery>;

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    total: z.number().int().optional(),
  });

export const FieldError = z.object({ field: z.string(), code: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(FieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const Money = z.object({
  amount: z.string().regex(/^-?\d{1,13}(\.\d{1,2})?$/, 'must be a decimal amount like 1250.00'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code'),
});
export type Money = z.infer<typeof Money>;
