import type { ReactNode } from 'react';
import { Autocomplete, SimpleGrid, TextInput } from '@mantine/core';
import { useRefList } from '../../../lib/refs';
import { Section, type LeadFormApi } from './Section';

export function AddressSection({ form }: { form: LeadFormApi }) {
  return (
    <Section title="Address" id="sec-address">
      <SimpleGrid cols={2} spacing="xs">
        <TextInput label="Street" {...form.getInputProps('address.street')} />
        <TextInput label="Postal code" {...form.getInputProps('address.postalCode')} />
        <CityInput
          value={form.values.address.city}
          onChange={(c) => form.setFieldValue('address.city', c)}
          error={form.errors['address.city']}
        />
        <TextInput label="Region" {...form.getInputProps('address.region')} />
        <TextInput label="Country" {...form.getInputProps('address.country')} />
      </SimpleGrid>
    </Section>
  );
}

/** The city register is large: it is searched by what is typed. */
function CityInput(props: { value: string; onChange: (v: string) => void; error?: ReactNode }) {
  const cities = useRefList('/cities', props.value ? { q: props.value } : {});
  return (
    <Autocomplete
      label="City"
      data={[...new Set((cities.data ?? []).map((c) => c.name))].slice(0, 20)}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
    />
  );
}
