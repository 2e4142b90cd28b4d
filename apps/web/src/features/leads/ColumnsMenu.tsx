import { ActionIcon, Button, Checkbox, Group, Popover, Stack, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconColumns } from '@tabler/icons-react';
import { allColumns, columnById, defaultColumnIds } from './columns';
import { useTranslation } from 'react-i18next';

/** Choose which columns the grid shows and in what order. */
export function ColumnsMenu({ value, onChange }: { value: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useTranslation('leads');
  const hidden = allColumns.filter((c) => !value.includes(c.id));
  const move = (i: number, d: number) => {
    const next = [...value];
    const [c] = next.splice(i, 1);
    next.splice(i + d, 0, c);
    onChange(next);
  };
  return (
    <Popover position="bottom-end" shadow="md" width={280} trapFocus>
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns size={14} />}>
          {t('list.columns')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={4} mah={420} style={{ overflow: 'auto' }}>
          <Text size="xs" fw={600} c="dimmed">
            {t('list.shownInOrder')}
          </Text>
          {value.map((id, i) => (
            <Group key={id} justify="space-between" wrap="nowrap" gap={4}>
              <Checkbox
                label={columnById.get(id)?.label(t)}
                checked
                disabled={value.length === 1}
                onChange={() => onChange(value.filter((v) => v !== id))}
              />
              <Group gap={0} wrap="nowrap">
                <ActionIcon
                  size="sm"
                  aria-label={t('list.moveLeft', { column: columnById.get(id)?.label(t) })}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                >
                  <IconArrowUp size={12} />
                </ActionIcon>
                <ActionIcon
                  size="sm"
                  aria-label={t('list.moveRight', { column: columnById.get(id)?.label(t) })}
                  disabled={i === value.length - 1}
                  onClick={() => move(i, 1)}
                >
                  <IconArrowDown size={12} />
                </ActionIcon>
              </Group>
            </Group>
          ))}
          {hidden.length > 0 && (
            <Text size="xs" fw={600} c="dimmed" mt="xs">
              {t('list.hidden')}
            </Text>
          )}
          {hidden.map((c) => (
            <Checkbox
              key={c.id}
              label={c.label(t)}
              checked={false}
              onChange={() => onChange([...value, c.id])}
            />
          ))}
          <Button variant="subtle" mt="xs" onClick={() => onChange(defaultColumnIds)}>
            {t('list.resetColumns')}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
