import { Badge, Box, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportTarget } from '@leadline/contract';
import type { Preview } from './ImportWizard';
import { useTargetLabels } from './useTargetLabels';

/** The first rows of the file; with a mapping, the mapped columns and each row's problems. */
export function PreviewTable({
  preview,
  mapping,
  problems,
}: {
  preview: Preview;
  mapping?: Record<string, ImportTarget>;
  problems?: { column: string; reason: string }[][];
}) {
  const { t } = useTranslation('intake');
  const labels = useTargetLabels();
  const columns = mapping ? preview.headers.filter((h) => mapping[h]) : preview.headers;
  const label = mapping ? t('wizard.checkedRows') : t('wizard.firstRows');
  return (
    // The rows scroll within the panel (a plain scrolling box): the keyboard can reach and scroll them too.
    <Box tabIndex={0} role="region" aria-label={label} mah={420} style={{ overflow: 'auto' }}>
      <Table aria-label={label} striped withTableBorder fz="xs" style={{ whiteSpace: 'nowrap' }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('wizard.line')}</Table.Th>
            {columns.map((h) => (
              <Table.Th key={h}>{mapping ? `${h} → ${labels[mapping[h]]}` : h}</Table.Th>
            ))}
            {problems && <Table.Th>{t('wizard.problems')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.rows.map((row, i) => {
            const bad = problems?.[i] ?? [];
            return (
              <Table.Tr key={i} bg={bad.length ? 'var(--mantine-color-red-0)' : undefined}>
                <Table.Td>{preview.lines?.[i] ?? i + 2}</Table.Td>
                {columns.map((h) => (
                  <Table.Td key={h} c={bad.some((p) => p.column === h) ? 'red.8' : undefined}>
                    {(row[h] ?? '').slice(0, 60)}
                  </Table.Td>
                ))}
                {problems && (
                  <Table.Td style={{ whiteSpace: 'normal', minWidth: 220 }}>
                    {bad.length === 0 ? (
                      <Badge color="teal" variant="light" size="sm">
                        {t('wizard.ok')}
                      </Badge>
                    ) : (
                      bad.map((p, j) => (
                        <Text key={j} size="xs" c="red.8">
                          {p.column}: {p.reason}
                        </Text>
                      ))
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Box>
  );
}
