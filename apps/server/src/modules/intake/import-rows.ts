import { LeadCreate, readImportCell, type ImportOptions, type ImportTarget } from '@leadline/contract';
import { referenceTables as leadReferenceTables } from '../leads/lead-fields';

/** The table each reference field points to, looked up by the column a file maps onto it. */
const referenceTables: Readonly<Record<string, string | undefined>> = leadReferenceTables;
import type { ImportsRepository } from './imports.repository';

/** A refused row's reason, pointing at the file's column where there is one. */
export interface RowReject {
  line: number;
  column: string | null;
  reason: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Turns the rows of an import into lead inputs: the mapping picks the columns, values are read as the
 * field's type, references may be given by id or by name, and the import's defaults fill what a row
 * leaves empty. The rules of a save are not applied here: the row then goes through the leads service.
 */
export function createRowReader(options: ImportOptions) {
  const columnOf = new Map<string, string>();
  for (const [column, field] of Object.entries(options.mapping)) columnOf.set(field, column);
  const names = new Map<string, string | null>();

  const keyOf = (table: string, value: string) => `${table}:${value.trim().toLowerCase()}`;

  async function resolve(repo: ImportsRepository, field: string, value: string) {
    if (uuid.test(value)) return value;
    const table = referenceTables[field]!;
    const key = keyOf(table, value);
    if (!names.has(key)) names.set(key, await repo.idByName(table, value));
    return names.get(key) ?? null;
  }

  /** Looks up every name the rows give for a reference: one query per table for names not met before. */
  async function prepare(repo: ImportsRepository, rows: { cells: Record<string, string> }[]) {
    const wanted = new Map<string, Set<string>>();
    for (const [column, target] of Object.entries(options.mapping) as [string, ImportTarget][]) {
      const table = referenceTables[target];
      if (!table) continue;
      for (const { cells } of rows) {
        const raw = (cells[column] ?? '').trim();
        if (!raw || uuid.test(raw) || names.has(keyOf(table, raw))) continue;
        wanted.set(table, (wanted.get(table) ?? new Set()).add(raw.toLowerCase()));
      }
    }
    for (const [table, values] of wanted) {
      const found = await repo.idsByName(table, [...values]);
      for (const v of values) names.set(keyOf(table, v), found.get(v) ?? null);
    }
  }

  return {
    prepare,
    /** The column a lead field came from, for the rejects report. */
    columnOf: (field: string) => columnOf.get(field.split('.')[0]) ?? columnOf.get(field) ?? null,

    /** `repo` reads through the caller's transaction (names are looked up once per import). */
    async read(repo: ImportsRepository, line: number, cells: Record<string, string>) {
      const rejects: RowReject[] = [];
      const input: Record<string, unknown> = {};
      const address: Record<string, string> = {};
      for (const [column, target] of Object.entries(options.mapping) as [string, ImportTarget][]) {
        const raw = (cells[column] ?? '').trim();
        if (!raw) continue;
        const refuse = (reason: string) => rejects.push({ line, column, reason });
        const cell = readImportCell(target, raw, (t) => t in referenceTables);
        if (cell.kind === 'refused') refuse(cell.reason);
        else if (cell.kind === 'address') address[cell.part] = cell.value;
        else if (cell.kind === 'value') input[target] = cell.value;
        else {
          const id = await resolve(repo, target, cell.value);
          if (!id)
            refuse(
              `no ${referenceTables[target]!.replace(/_/g, ' ').replace(/s$/, '')} named "${raw.slice(0, 80)}"`,
            );
          else input[target] = id;
        }
      }
      if (Object.keys(address).length) input.address = address;
      const merged: Record<string, unknown> = { ...options.defaults, ...input };
      if (options.defaults.address && input.address)
        merged.address = { ...options.defaults.address, ...(input.address as object) };
      // Imported leads are persons unless they carry company fields (SPEC 1); new records are created
      // for what the row names and does not link.
      merged.prospectType ??=
        merged.companyId || merged.companyName || merged.companyTin ? 'company' : 'person';
      merged.newCompany ??= merged.prospectType === 'company' && !merged.companyId && !!merged.companyName;
      merged.newContact ??= !merged.contactId && !!(merged.firstName || merged.lastName);
      const parsed = LeadCreate.safeParse(merged);
      if (!parsed.success) {
        for (const i of parsed.error.issues) {
          const field = i.path.map(String).join('.');
          rejects.push({
            line,
            column: columnOf.get(String(i.path[0])) ?? field,
            reason: `${field}: ${i.message}`,
          });
        }
      }
      return rejects.length || !parsed.success ? { rejects } : { rejects, input: parsed.data };
    },
  };
}
export type RowReader = ReturnType<typeof createRowReader>;
