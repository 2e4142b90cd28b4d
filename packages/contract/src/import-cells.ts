/**
 * How one cell of an imported file is read as the lead field it is mapped to: the server's row reader
 * and the web's preview of a file use the same reading, so the preview flags what the import refuses.
 * References (given by id or name) are resolved on the server only.
 */
export const importBooleanTargets = new Set([
  'newCompany',
  'keyAccount',
  'newContact',
  'doNotEmail',
  'doNotCall',
  'nurturing',
]);
export const importIntegerTargets = new Set(['probability', 'score', 'estimatedCompletionDays']);

export function readImportBoolean(s: string): boolean | undefined {
  const v = s.trim().toLowerCase();
  if (['1', 'true', 'yes', 'y', 'x', 'да', 'oui', 'ja'].includes(v)) return true;
  if (['0', 'false', 'no', 'n', 'нет', 'non', 'nein'].includes(v)) return false;
  return undefined;
}

/** A date as spreadsheets write it (2026-03-01, 01.03.2026, 01/03/2026) as YYYY-MM-DD. */
export function readImportDate(s: string): string | undefined {
  const v = s.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) return v.slice(0, 10);
  const m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(v);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : undefined;
}

/** An amount as people type it: spaces between thousands, a decimal comma. */
export const readImportAmount = (s: string) => s.replace(/[\s\u00a0]/g, '').replace(',', '.');

export type ImportCell =
  | { kind: 'value'; value: unknown }
  | { kind: 'reference'; value: string }
  | { kind: 'address'; part: string; value: string }
  | { kind: 'refused'; reason: string };

/**
 * One non-empty cell read for its target: its value, a reference still to resolve, an address part,
 * or why it is refused. `isReference` says which targets name another record.
 */
export function readImportCell(target: string, raw: string, isReference: (t: string) => boolean): ImportCell {
  const shown = raw.slice(0, 40);
  if (target.startsWith('address.')) return { kind: 'address', part: target.slice(8), value: raw };
  if (importBooleanTargets.has(target)) {
    const b = readImportBoolean(raw);
    return b === undefined
      ? { kind: 'refused', reason: `"${shown}" is not yes or no` }
      : { kind: 'value', value: b };
  }
  if (importIntegerTargets.has(target)) {
    const n = Number(raw.replace(',', '.'));
    return Number.isInteger(n)
      ? { kind: 'value', value: n }
      : { kind: 'refused', reason: `"${shown}" is not a whole number` };
  }
  if (target === 'expectedCompletionDate') {
    const d = readImportDate(raw);
    return d ? { kind: 'value', value: d } : { kind: 'refused', reason: `"${shown}" is not a date` };
  }
  if (target === 'targetAmount') return { kind: 'value', value: { amount: readImportAmount(raw) } };
  if (target === 'tags')
    return {
      kind: 'value',
      value: raw
        .split(/[,;]/)
        .map((s) => s.trim())
        .filter(Boolean),
    };
  if (isReference(target)) return { kind: 'reference', value: raw };
  return { kind: 'value', value: raw };
}
