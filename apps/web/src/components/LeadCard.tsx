import type { ReactNode } from 'react';
import { Anchor, Card, Group, Text } from '@mantine/core';
import { Link } from 'react-router';

/**
 * A lead as a card in a list on a phone: its name (the link to the lead) and number on top, then what the
 * list shows of it.
 */
export function LeadCard({
  lead,
  children,
}: {
  lead: { id: string; name: string; number: string };
  children: ReactNode;
}) {
  return (
    <Card withBorder padding="sm" role="listitem" data-lead-card>
      <Group justify="space-between" gap={6} wrap="nowrap" align="flex-start">
        <Anchor
          component={Link}
          to={`/leads/${lead.id}`}
          fw={600}
          size="sm"
          style={{ minWidth: 0, wordBreak: 'break-word' }}
        >
          {lead.name}
        </Anchor>
        <Text size="xs" c="dimmed" ff="monospace" style={{ flexShrink: 0 }}>
          {lead.number}
        </Text>
      </Group>
      {children}
    </Card>
  );
}
