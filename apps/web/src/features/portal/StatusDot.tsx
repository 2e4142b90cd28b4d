import { Badge } from '@mantine/core';
import type { PartnerPortal } from '@leadline/contract';

/** A lead's status in its colour, by the name the portal reads. */
export function StatusDot({ status }: { status: PartnerPortal['statuses'][number] | undefined }) {
  if (!status) return null;
  return (
    <Badge
      variant="light"
      color={status.color}
      leftSection={<span style={{ width: 6, height: 6, borderRadius: 3, background: status.color }} />}
      styles={{ root: { maxWidth: '100%' } }}
    >
      {status.name}
    </Badge>
  );
}
