import { Anchor, Paper, Radio, Table } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../i18n/format';

/** No value: null, an empty text or list, or an address whose parts are all empty. */
export const emptyValue = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.values(v as object).every((x) => x === null || x === ''));

/** A field's value as the merge screen reads it. */
export function shownValue(v: unknown): string {
  if (emptyValue(v)) return '—';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object' && v && 'amount' in v)
    return formatMoney(v as { amount: string; currency: string });
  if (typeof v === 'object' && v) return Object.values(v).filter(Boolean).join(', ');
  return String(v);
}

/** The best value of a field: a record that has one, the most recently changed first. */
export function bestSource<R extends { id: string; updatedAt: string }>(
  records: R[],
  field: keyof R,
): string {
  const withValue = records.filter((r) => !emptyValue(r[field]));
  const pool = withValue.length ? withValue : records;
  return [...pool].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0].id;
}

/** The fields on which the records differ (the others need no choice). */
export function differingFields<R, F extends keyof R & string>(records: R[], fields: readonly F[]): F[] {
  return fields.filter((f) => new Set(records.map((r) => JSON.stringify(r[f] ?? null))).size > 1);
}

/**
 * Records side by side (leads, contacts or companies): a radio picks the record that is kept, and per
 * field a radio picks the record whose value it takes.
 */
export function MergeTable<F extends string>({
  records,
  fields,
  labelOf,
  valueOf,
  keepId,
  onKeep,
  choice,
  onChoose,
  keepLabel,
}: {
  records: { id: string; title: string; href: string }[];
  fields: readonly F[];
  labelOf: (f: F) => string;
  valueOf: (id: string, f: F) => string;
  keepId: string;
  onKeep: (id: string) => void;
  choice: Partial<Record<F, string>>;
  onChoose: (f: F, id: string) => void;
  keepLabel: string;
}) {
  const { t } = useTranslation('identity');
  return (
    <Paper withBorder style={{ overflowX: 'auto' }}>
      <Table miw={200 + records.length * 180} data-testid="merge-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('merge.field')}</Table.Th>
            {records.map((r) => (
              <Table.Th key={r.id}>
                <Anchor component={Link} to={r.href} size="sm">
                  {r.title}
                </Anchor>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td fw={600}>{keepLabel}</Table.Td>
            {records.map((r) => (
              <Table.Td key={r.id}>
                <Radio
                  checked={keepId === r.id}
                  onChange={() => onKeep(r.id)}
                  label={t('merge.keepThis')}
                  aria-label={t('merge.keepLead', { number: r.title })}
                />
              </Table.Td>
            ))}
          </Table.Tr>
          {fields.map((f) => (
            <Table.Tr key={f}>
              <Table.Td>{labelOf(f)}</Table.Td>
              {records.map((r) => (
                <Table.Td key={r.id}>
                  <Radio
                    checked={choice[f] === r.id}
                    onChange={() => onChoose(f, r.id)}
                    label={valueOf(r.id, f)}
                    aria-label={t('merge.takeFrom', { field: labelOf(f), number: r.title })}
                    styles={{ label: { wordBreak: 'break-word' } }}
                  />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
