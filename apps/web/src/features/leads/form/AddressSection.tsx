import type { ReactNode } from 'react';
import { Autocomplete, SimpleGrid, TextInput } from '@mantine/core';
import { useRefList } from '../../../lib/refs';
import { Section, type LeadFormApi } from './Section';
import { useTranslation } from 'react-i18next';

export function AddressSection({ form }: { form: LeadFormApi }) {
  const { t } = useTranslation('leads');
  return (
    <Section title={t('field.address')} id="sec-address">
      <SimpleGrid cols={2} spacing="xs">
        <TextInput label={t('form.street')} {...form.getInputProps('address.street')} />
        <TextInput label={t('form.postalCode')} {...form.getInputProps('address.postalCode')} />
        <CityInput
          value={form.values.address.city}
          onChange={(c) => form.setFieldValue('address.city', c)}
          error={form.errors['address.city']}
        />
        <TextInput label={t('form.region')} {...form.getInputProps('address.region')} />
        <TextInput label={t('form.country')} {...form.getInputProps('address.country')} />
      </SimpleGrid>
    </Section>
  );
}

/** The city register is large: it is searched by what is typed. */
function CityInput(props: { value: string; onChange: (v: string) => void; error?: ReactNode }) {
  const { t } = useTranslation('leads');
  const cities = useRefList('/cities', props.value ? { q: props.value } : {});
  return (
    <Autocomplete
      label={t('form.city')}
      data={[...new Set((cities.data ?? []).map((c) => c.name))].slice(0, 20)}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
    />
  );
}
