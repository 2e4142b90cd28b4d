import { leadFieldNames, type LeadListItem } from '@leadline/contract';

/** The columns a list shows until the user chooses (by column id, see columns.tsx). */
export const defaultColumnIds = [
  'number',
  'name',
  'status',
  'company',
  'contact',
  'owner',
  'targetAmount',
  'score',
  'expectedCompletionDate',
  'updatedAt',
];

/** The lead fields each list column shows (by column id, see columns.tsx). */
const columnFields: Record<string, readonly (keyof LeadListItem)[]> = {
  number: ['number'],
  name: ['name'],
  status: ['statusId'],
  company: ['companyName', 'leadCompanyName', 'linkedCompanyName'],
  contact: ['firstName', 'middleName', 'lastName'],
  owner: ['ownerId'],
  unit: ['unitId'],
  source: ['sourceId'],
  targetAmount: ['targetAmount'],
  probability: ['probability'],
  score: ['score'],
  computedScore: ['computedScore'],
  priority: ['priority'],
  expectedCompletionDate: ['expectedCompletionDate', 'overdueDays'],
  startDate: ['startDate'],
  lastEventAt: ['lastEventAt'],
  nextEventAt: ['nextEventAt'],
  tags: ['tags'],
  createdAt: ['createdAt'],
  updatedAt: ['updatedAt'],
};

/**
 * What the list needs of every row whatever its columns: selecting and opening it, the actions the bulk
 * bar offers (offeredActions reads phase, active, owner and unit) and adding a tag (tags, If-Match).
 */
const rowFields: readonly (keyof LeadListItem)[] = [
  'id',
  'number',
  'active',
  'phase',
  'ownerId',
  'unitId',
  'statusId',
  'tags',
  'version',
];

/**
 * The `fields=` of a list showing these columns: a page of 100 leads is a tenth of its whole size. A
 * column this file does not know (a new one) asks for whole leads, so that it never shows an empty cell.
 */
export function listFields(columnIds: readonly string[]): string | undefined {
  const fields = new Set<string>(rowFields);
  for (const id of columnIds) {
    const f = columnFields[id];
    if (!f) return undefined;
    f.forEach((name) => fields.add(name));
  }
  const known = new Set<string>(leadFieldNames);
  return [...fields].filter((f) => known.has(f)).join(',');
}
