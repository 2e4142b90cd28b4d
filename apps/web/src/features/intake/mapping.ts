import { importTargets, LeadCreate, readImportCell, type ImportTarget } from '@leadline/contract';
import { i18n } from '../../i18n/i18n';

/** Fields that name another record: the file may give their id or their name, resolved by the server. */
const referenceTargets = new Set<string>(
  importTargets.filter((t) => /Id$/.test(t) && t !== 'externalClientId'),
);

/** Words a file's header often uses for a field, beside the field's label in each language. */
const synonyms: Partial<Record<ImportTarget, string[]>> = {
  name: ['lead', 'lead name', 'title', 'deal', 'лид', 'название', 'наименование'],
  emails: ['email', 'e-mail', 'mail', 'emails', 'email address', 'почта', 'эл почта', 'электронная почта'],
  phones: ['phone', 'telephone', 'tel', 'mobile', 'cell', 'phone number', 'телефон', 'тел', 'мобильный'],
  firstName: ['first name', 'given name', 'firstname', 'имя'],
  lastName: ['last name', 'surname', 'family name', 'lastname', 'фамилия'],
  middleName: ['middle name', 'patronymic', 'отчество'],
  leadCompanyName: ['company', 'organisation', 'organization', 'account', 'компания', 'организация'],
  companyTin: ['tin', 'inn', 'vat', 'tax id', 'инн'],
  companyWebsite: ['website', 'site', 'url', 'web', 'сайт'],
  jobTitle: ['job title', 'position', 'title', 'должность'],
  externalClientId: ['external id', 'client id', 'customer id', 'crm id'],
  ownerId: ['owner', 'responsible', 'manager', 'ответственный', 'владелец'],
  sourceId: ['source', 'lead source', 'источник'],
  salesDirectionId: ['direction', 'sales direction', 'направление'],
  'address.city': ['city', 'town', 'город'],
  'address.street': ['street', 'address', 'улица', 'адрес'],
  'address.postalCode': ['zip', 'postcode', 'postal code', 'индекс'],
  'address.country': ['country', 'страна'],
  'address.region': ['region', 'state', 'province', 'регион', 'область'],
  tags: ['tags', 'labels', 'теги', 'метки'],
  description: ['notes', 'comment', 'comments', 'description', 'описание', 'комментарий'],
};

/** A header or a label reduced to letters and digits, so that "E-Mail " and "email" meet. */
export const normal = (s: string) =>
  s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, '');

/** The labels of the fields in a language's catalogue, as the lead form shows them. */
function catalogueLabels(lng: string): Record<string, string> {
  const bundle = (i18n.getResourceBundle(lng, 'leads') ?? {}) as {
    field?: Record<string, string>;
    form?: Record<string, string>;
  };
  const out: Record<string, string> = {};
  for (const target of importTargets)
    out[target] = target.startsWith('address.')
      ? (bundle.form?.[target.slice(8)] ?? '')
      : (bundle.field?.[target] ?? '');
  return out;
}

/**
 * The field a column probably holds, from its header: the same name as a field, its label in English
 * or Russian, or a usual synonym. Each field is suggested for one column at most.
 */
export function suggestMapping(headers: string[]): Record<string, ImportTarget> {
  const names = new Map<string, ImportTarget>();
  const en = catalogueLabels('en');
  const ru = catalogueLabels('ru');
  for (const target of importTargets) {
    const words = [target, target.replace(/^address\./, ''), en[target], ru[target]];
    for (const w of [...words, ...(synonyms[target] ?? [])]) {
      if (!w) continue;
      const key = normal(w);
      if (key && !names.has(key)) names.set(key, target);
    }
  }
  const used = new Set<ImportTarget>();
  const out: Record<string, ImportTarget> = {};
  for (const h of headers) {
    const target = names.get(normal(h));
    if (target && !used.has(target)) {
      out[h] = target;
      used.add(target);
    }
  }
  return out;
}

/**
 * What the preview can tell of a row before the import: each mapped cell read as the import reads it,
 * then the shape of the lead. References and the rules needing the database are the server's to check.
 */
export function rowProblems(
  row: Record<string, string>,
  mapping: Record<string, ImportTarget>,
): { column: string; reason: string }[] {
  const problems: { column: string; reason: string }[] = [];
  const input: Record<string, unknown> = {};
  const columnOf = new Map<string, string>();
  for (const [column, target] of Object.entries(mapping)) {
    columnOf.set(target.split('.')[0], column);
    const raw = (row[column] ?? '').trim();
    if (!raw) continue;
    const cell = readImportCell(target, raw, (t) => referenceTargets.has(t));
    if (cell.kind === 'refused') problems.push({ column, reason: cell.reason });
    else if (cell.kind === 'value') input[target] = cell.value;
  }
  // Every lead has a name: a row without one is refused by any save.
  if (!input.name) problems.push({ column: columnOf.get('name') ?? 'name', reason: 'is required' });
  const parsed = LeadCreate.safeParse(input);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.');
      problems.push({ column: columnOf.get(String(issue.path[0])) ?? field, reason: issue.message });
    }
  return problems;
}
