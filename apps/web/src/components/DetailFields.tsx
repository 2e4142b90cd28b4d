import type { ReactNode } from 'react';
import { Paper, SimpleGrid, Text, Title } from '@mantine/core';

/** One labelled value of a record's page; an empty one shows a dash. */
export function DetailField({ label, children }: { label: string; children: ReactNode }) {
  const empty = children === null || children === undefined || children === '' || children === false;
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text
        size="sm"
        c={empty ? 'gray.6' : undefined}
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
      >
        {empty ? '—' : children}
      </Text>
    </div>
  );
}

/** A titled group of fields, in columns as the width allows (at most `xl` on the widest screens). */
export function DetailBlock({
  title,
  xl = 3,
  children,
}: {
  title: string;
  xl?: number;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="sm">
      <Title order={4} mb="xs">
        {title}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, xl }} spacing="sm" verticalSpacing="xs">
        {children}
      </SimpleGrid>
    </Paper>
  );
}
