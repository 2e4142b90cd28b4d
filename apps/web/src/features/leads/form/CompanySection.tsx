import { Checkbox, Group, Radio, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { Company } from '@leadline/contract';
import { req, reqIf } from '../../../lib/required';
import { RemoteSelect } from '../../../components/RemoteSelect';
import { Section, type SectionProps } from './Section';

export function CompanySection({ form, options }: SectionProps) {
  const v = form.values;
  return (
    <Section title="Company" id="sec-company">
      <Stack gap="xs">
        <Radio.Group label="Prospect type" {...form.getInputProps('prospectType')}>
          <Group gap="md" mt={4}>
            <Radio value="company" label="Company" />
            <Radio value="person" label="Person" />
          </Group>
        </Radio.Group>
        <TextInput label="Lead company name" {...form.getInputProps('leadCompanyName')} />
        <Checkbox label="New company" {...form.getInputProps('newCompany', { type: 'checkbox' })} />
        {!v.newCompany && (
          <RemoteSelect<Company>
            label="Existing company"
            {...reqIf(v.prospectType === 'company')}
            path="/companies"
            labelOf={(c) => (c.tin ? `${c.name} · ${c.tin}` : c.name)}
            value={v.companyId}
            onChange={(id) => {
              form.setFieldValue('companyId', id);
              if (id !== v.companyId) form.setFieldValue('contactId', null);
            }}
            error={form.errors.companyId}
          />
        )}
        {v.newCompany && (
          <>
            <TextInput label="Company name" {...req} {...form.getInputProps('companyName')} />
            <SimpleGrid cols={2} spacing="xs">
              <TextInput label="Company website" {...req} {...form.getInputProps('companyWebsite')} />
              <TextInput
                label="Company TIN"
                {...req}
                description="9, 10 or 12 digits"
                {...form.getInputProps('companyTin')}
              />
              <Select
                label="Industry sector"
                clearable
                searchable
                data={options.industries}
                {...form.getInputProps('industryId')}
              />
              <TextInput label="Size" {...form.getInputProps('companySize')} />
            </SimpleGrid>
            <Checkbox label="Key account" {...form.getInputProps('keyAccount', { type: 'checkbox' })} />
          </>
        )}
        {!v.newCompany && (v.companyTin || v.companyWebsite) && (
          <SimpleGrid cols={2} spacing="xs">
            <TextInput label="Company website" {...form.getInputProps('companyWebsite')} />
            <TextInput label="Company TIN" {...form.getInputProps('companyTin')} />
          </SimpleGrid>
        )}
      </Stack>
    </Section>
  );
}
