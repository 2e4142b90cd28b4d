import { Autocomplete, Checkbox, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { Contact } from '@leadline/contract';
import { req } from '../../../lib/required';
import { RemoteSelect } from '../../../components/RemoteSelect';
import { personName } from '../../../lib/format';
import { Section, type SectionProps } from './Section';

const severalHint = 'Several? Separate them with commas.';

export function ContactSection({ form, options }: SectionProps) {
  const v = form.values;
  return (
    <Section title="Contact" id="sec-contact">
      <Stack gap="xs">
        <Checkbox label="New contact" {...form.getInputProps('newContact', { type: 'checkbox' })} />
        {!v.newContact && (
          <RemoteSelect<Contact>
            label="Existing contact"
            {...req}
            path="/contacts"
            params={{ companyId: v.companyId ?? undefined }}
            labelOf={personName}
            value={v.contactId}
            onChange={(id) => form.setFieldValue('contactId', id)}
            error={form.errors.contactId}
            description={v.companyId ? 'Contacts of the chosen company' : undefined}
          />
        )}
        {v.newContact && (
          <>
            <SimpleGrid cols={3} spacing="xs">
              <TextInput label="First name" {...req} {...form.getInputProps('firstName')} />
              <TextInput label="Middle name" {...form.getInputProps('middleName')} />
              <TextInput label="Last name" {...req} {...form.getInputProps('lastName')} />
            </SimpleGrid>
            <SimpleGrid cols={2} spacing="xs">
              <TextInput label="Emails" description={severalHint} {...form.getInputProps('emails')} />
              <TextInput label="Phones" description={severalHint} {...form.getInputProps('phones')} />
            </SimpleGrid>
            <Group gap="lg">
              <Checkbox label="Do not email" {...form.getInputProps('doNotEmail', { type: 'checkbox' })} />
              <Checkbox label="Do not call" {...form.getInputProps('doNotCall', { type: 'checkbox' })} />
            </Group>
          </>
        )}
        <SimpleGrid cols={2} spacing="xs">
          <Autocomplete label="Job title" data={options.functions} {...form.getInputProps('jobTitle')} />
          <Autocomplete label="Department" data={options.departments} {...form.getInputProps('department')} />
        </SimpleGrid>
      </Stack>
    </Section>
  );
}
