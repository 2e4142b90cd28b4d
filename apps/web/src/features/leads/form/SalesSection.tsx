import { NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { levels, productFitsDirection } from '@leadline/contract';
import { req } from '../../../lib/required';
import { ProductLines } from './ProductLines';
import { Section, type SectionProps } from './Section';
import { useTranslation } from 'react-i18next';

const levelOptions = levels.map((l) => ({ value: l, label: l[0].toUpperCase() + l.slice(1) }));

export function SalesSection({ form, options }: SectionProps) {
  const { t } = useTranslation('leads');
  const v = form.values;
  const linesTotal = v.productLines.reduce(
    (s, l) => s + (Number(l.quantity) || 0) * (Number(l.price) || 0),
    0,
  );
  // A new direction keeps the Service/Product only if it lists it; no direction, no product.
  const directionChanged = (id: string | null) => {
    form.setFieldValue('salesDirectionId', id);
    const direction = options.directions?.find((d) => d.id === id);
    if (v.productId && !productFitsDirection(v.productId, direction)) form.setFieldValue('productId', null);
  };
  return (
    <Section title={t('form.sales')} id="sec-sales">
      <Stack gap="xs">
        <SimpleGrid cols={2} spacing="xs">
          <Select
            label={t('field.salesDirectionId')}
            {...req}
            clearable
            searchable
            data={options.directionOptions}
            {...form.getInputProps('salesDirectionId')}
            onChange={directionChanged}
          />
          <Select
            label={t('field.productId')}
            clearable
            searchable
            data={options.productOptions}
            placeholder={v.salesDirectionId ? undefined : t('form.chooseDirectionFirst')}
            nothingFoundMessage={t('form.theSalesDirectionListsNo')}
            {...form.getInputProps('productId')}
          />
        </SimpleGrid>
        <ProductLines form={form} products={options.products} />
        <SimpleGrid cols={3} spacing="xs">
          <NumberInput
            label={t('field.targetAmount')}
            min={0}
            decimalScale={2}
            thousandSeparator=" "
            placeholder={linesTotal > 0 ? linesTotal.toFixed(2) : undefined}
            {...form.getInputProps('targetAmount')}
          />
          <TextInput label={t('form.currency')} maxLength={3} {...form.getInputProps('targetCurrency')} />
          <NumberInput
            label={t('field.probability')}
            min={0}
            max={100}
            suffix=" %"
            {...form.getInputProps('probability')}
          />
          <Select label={t('field.priority')} data={levelOptions} {...form.getInputProps('priority')} />
          <Select label={t('field.importance')} data={levelOptions} {...form.getInputProps('importance')} />
          <Select
            label={t('field.marketingCampaignId')}
            clearable
            searchable
            data={options.campaigns}
            {...form.getInputProps('marketingCampaignId')}
          />
        </SimpleGrid>
        <SimpleGrid cols={2} spacing="xs">
          <TextInput label={t('field.contentChannel')} {...form.getInputProps('contentChannel')} />
          <TextInput label={t('field.externalClientId')} {...form.getInputProps('externalClientId')} />
        </SimpleGrid>
      </Stack>
    </Section>
  );
}
