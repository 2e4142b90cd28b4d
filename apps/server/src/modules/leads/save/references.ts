import { fieldError } from '../../../http/errors';
import { referenceTables, type ScalarField } from '../lead-fields';
import { changed, given, type SaveState } from './draft';

/** One reference to check: the field that names it and the id. */
interface Ref {
  field: string;
  id: string;
}

/**
 * Step 2a: the ids to look up, by table: every reference set or changed by this save, and the products
 * of the product lines given. Reads nothing.
 */
export function referencesToCheck(s: SaveState) {
  const byTable = new Map<string, Ref[]>();
  for (const [field, table] of Object.entries(referenceTables) as [ScalarField, string][]) {
    const id = s.v[field] as string | null;
    if (id && changed(s, field)) byTable.set(table, [...(byTable.get(table) ?? []), { field, id }]);
  }
  const productIds = given(s, 'productLines') ? (s.input.productLines ?? []).map((l) => l.productId) : [];
  if (productIds.length) byTable.set('products', [...(byTable.get('products') ?? [])]);
  const ids = new Map(
    [...byTable].map(([table, refs]): [string, string[]] => [
      table,
      [...new Set([...refs.map((r) => r.id), ...(table === 'products' ? productIds : [])])],
    ]),
  );
  return { byTable, productIds, ids };
}

/**
 * Step 2b: every reference that points nowhere is a field error naming its field, and is marked bad
 * so that the later steps neither use it nor report it again.
 */
export function reportMissing(
  s: SaveState,
  check: ReturnType<typeof referencesToCheck>,
  missingByTable: Map<string, Set<string>>,
) {
  for (const [table, refs] of check.byTable) {
    const missing = missingByTable.get(table) ?? new Set<string>();
    for (const r of refs) {
      if (missing.has(r.id)) {
        s.bad.add(r.field);
        s.errors.push(
          fieldError(r.field, 'not_found', `no such ${table.replace(/_/g, ' ').replace(/s$/, '')}`),
        );
      }
    }
    if (table === 'products') {
      check.productIds.forEach((id, i) => {
        if (missing.has(id))
          s.errors.push(fieldError(`productLines.${i}.productId`, 'not_found', 'no such product'));
      });
    }
  }
}
