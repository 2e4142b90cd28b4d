import { NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { levels, productFitsDirection } from '@leadline/contract';
import { req } from '../../../lib/required';
import { ProductLines } from './ProductLines';
import { Section, type SectionProps } from './Section';

const levelOptions = levels.map((l) => ({ value: l, label: l[0].toUpperCase() + l.slice(1) }));

export function SalesSection({ form, options }: SectionProps) {
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
    <Section title="Sales" id="sec-sales">
      <Stack gap="xs">
        <SimpleGrid cols={2} spacing="xs">
          <Select
            label="Sales direction"
            {...req}
            clearable
            searchable
            data={options.directionOptions}
            {...form.getInputProps('salesDirectionId')}
            onChange={directionChanged}
          />
          <Select
            label="Service/Product"
            clearable
            searchable
            data={options.productOptions}
            placeholder={v.salesDirectionId ? undefined : 'Choose the sales direction first'}
            nothingFoundMessage="The sales direction lists no such product"
            {...form.getInputProps('productId')}
          />
        </SimpleGrid>
        <ProductLines form={form} products={options.products} />
        <SimpleGrid cols={3} spacing="xs">
          <NumberInput
            label="Target amount"
            min={0}
            decimalScale={2}
            thousandSeparator=" "
            placeholder={linesTotal > 0 ? linesTotal.toFixed(2) : undefined}
            {...form.getInputProps('targetAmount')}
          />
          <TextInput label="Currency" maxLength={3} {...form.getInputProps('targetCurrency')} />
          <NumberInput
            label="Probability to win"
            min={0}
            max={100}
            suffix=" %"
            {...form.getInputProps('probability')}
          />
          <Select label="Priority" data={levelOptions} {...form.getInputProps('priority')} />
          <Select label="Importance" data={levelOptions} {...form.getInputProps('importance')} />
          <Select
            label="Marketing campaign"
            clearable
            searchable
            data={options.campaigns}
            {...form.getInputProps('marketingCampaignId')}
          />
        </SimpleGrid>
        <SimpleGrid cols={2} spacing="xs">
          <TextInput label="Content distribution channel" {...form.getInputProps('contentChannel')} />
          <TextInput label="External client ID" {...form.getInputProps('externalClientId')} />
        </SimpleGrid>
      </Stack>
    </Section>
  );
}
