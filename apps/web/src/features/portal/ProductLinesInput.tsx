import { ActionIcon, Button, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Values } from './PortalLeadForm';

/** The products of interest: lines of a product of the agreement's program and a quantity. */
export function ProductLinesInput({
  form,
  options,
  agreementChosen,
}: {
  form: UseFormReturnType<Values>;
  options: { value: string; label: string }[];
  agreementChosen: boolean;
}) {
  const { t } = useTranslation('portal');
  return (
    <div>
      <Text size="sm" fw={500}>
        {t('products')}
      </Text>
      {!agreementChosen && (
        <Text size="xs" c="dimmed">
          {t('chooseAgreementFirst')}
        </Text>
      )}
      <Stack gap={6} mt={4}>
        {form.getValues().productLines.map((line, i) => (
          <Group key={i} gap={6} wrap="nowrap" align="flex-start">
            <Select
              aria-label={t('productN', { n: i + 1 })}
              placeholder={t('product')}
              data={options}
              style={{ flex: 1, minWidth: 0 }}
              {...form.getInputProps(`productLines.${i}.productId`)}
            />
            <NumberInput
              aria-label={t('quantityN', { n: i + 1 })}
              min={1}
              w={90}
              {...form.getInputProps(`productLines.${i}.quantity`)}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={t('removeProductN', { n: i + 1 })}
              onClick={() => form.removeListItem('productLines', i)}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconPlus size={14} />}
          disabled={options.length === 0}
          onClick={() => form.insertListItem('productLines', { productId: null, quantity: 1 })}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('addProduct')}
        </Button>
      </Stack>
    </div>
  );
}
