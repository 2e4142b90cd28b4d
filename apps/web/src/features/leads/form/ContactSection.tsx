import { Autocomplete, Checkbox, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { Contact } from '@leadline/contract';
import { req } from '../../../lib/required';
import { RemoteSelect } from '../../../components/RemoteSelect';
import { personName } from '../../../lib/format';
import { Section, type SectionProps } from './Section';
import { useTranslation } from 'react-i18next';

export function ContactSection({ form, options }: SectionProps) {
  const { t } = useTranslation('leads');
  const v = form.values;
  return (
    <Section title={t('form.contact')} id="sec-contact">
      <Stack gap="xs">
        <Checkbox label={t('field.newContact')} {...form.getInputProps('newContact', { type: 'checkbox' })} />
        {!v.newContact && (
          <RemoteSelect<Contact>
            label={t('field.contactId')}
            {...req}
            path="/contacts"
            params={{ companyId: v.companyId ?? undefined }}
            labelOf={personName}
            value={v.contactId}
            onChange={(id) => form.setFieldValue('contactId', id)}
            error={form.errors.contactId}
            description={v.companyId ? t('form.contactsOfCompany') : undefined}
          />
        )}
        {v.newContact && (
          <>
            <SimpleGrid cols={3} spacing="xs">
              <TextInput label={t('field.firstName')} {...req} {...form.getInputProps('firstName')} />
              <TextInput label={t('field.middleName')} {...form.getInputProps('middleName')} />
              <TextInput label={t('field.lastName')} {...req} {...form.getInputProps('lastName')} />
            </SimpleGrid>
            <SimpleGrid cols={2} spacing="xs">
              <TextInput
                label={t('field.emails')}
                description={t('form.severalHint')}
                {...form.getInputProps('emails')}
              />
              <TextInput
                label={t('field.phones')}
                description={t('form.severalHint')}
                {...form.getInputProps('phones')}
              />
            </SimpleGrid>
            <Group gap="lg">
              <Checkbox
                label={t('field.doNotEmail')}
                {...form.getInputProps('doNotEmail', { type: 'checkbox' })}
              />
              <Checkbox
                label={t('field.doNotCall')}
                {...form.getInputProps('doNotCall', { type: 'checkbox' })}
              />
            </Group>
          </>
        )}
        <SimpleGrid cols={2} spacing="xs">
          <Autocomplete
            label={t('field.jobTitle')}
            data={options.functions}
            {...form.getInputProps('jobTitle')}
          />
          <Autocomplete
            label={t('field.department')}
            data={options.departments}
            {...form.getInputProps('department')}
          />
        </SimpleGrid>
      </Stack>
    </Section>
  );
}
