import { ActionIcon, Button, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { refOptions, type RefItem } from '../../../lib/refs';
import type { LeadFormApi } from './Section';

/** Products of interest: product, quantity and price per line; their total is the default target amount. */
export function ProductLines({ form, products }: { form: LeadFormApi; products: RefItem[] }) {
  const lines = form.values.productLines;
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text size="xs" fw={500}>
          Products of interest
        </Text>
        <Button
          variant="subtle"
          size="compact-xs"
          leftSection={<IconPlus size={12} />}
          onClick={() => form.insertListItem('productLines', { productId: null, quantity: 1, price: '' })}
        >
          Add product
        </Button>
      </Group>
      {lines.map((_, i) => (
        <Group key={i} gap={4} wrap="nowrap" align="flex-start">
          <Select
            aria-label={`Product ${i + 1}`}
            placeholder="Product"
            searchable
            data={refOptions(products)}
            style={{ flex: 3 }}
            {...form.getInputProps(`productLines.${i}.productId`)}
          />
          <NumberInput
            aria-label={`Quantity ${i + 1}`}
            placeholder="Qty"
            min={0}
            style={{ flex: 1 }}
            {...form.getInputProps(`productLines.${i}.quantity`)}
          />
          <NumberInput
            aria-label={`Price ${i + 1}`}
            placeholder="Price"
            min={0}
            decimalScale={2}
            style={{ flex: 1.5 }}
            {...form.getInputProps(`productLines.${i}.price`)}
          />
          <ActionIcon
            aria-label={`Remove product ${i + 1}`}
            onClick={() => form.removeListItem('productLines', i)}
            mt={4}
          >
            <IconTrash size={14} />
          </ActionIcon>
        </Group>
      ))}
    </Stack>
  );
}
