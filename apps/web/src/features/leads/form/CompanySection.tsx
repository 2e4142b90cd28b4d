import { Checkbox, Group, Radio, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { Company } from '@leadline/contract';
import { req, reqIf } from '../../../lib/required';
import { RemoteSelect } from '../../../components/RemoteSelect';
import { CompanyFromRegister } from '../../identity/CompanyFromRegister';
import { Section, type SectionProps } from './Section';
import { useTranslation } from 'react-i18next';

export function CompanySection({ form, options }: SectionProps) {
  const { t } = useTranslation('leads');
  const v = form.values;
  return (
    <Section title={t('form.company')} id="sec-company">
      <Stack gap="xs">
        <Radio.Group label={t('field.prospectType')} {...form.getInputProps('prospectType')}>
          <Group gap="md" mt={4}>
            <Radio value="company" label={t('form.company')} />
            <Radio value="person" label={t('form.person')} />
          </Group>
        </Radio.Group>
        <TextInput label={t('field.leadCompanyName')} {...form.getInputProps('leadCompanyName')} />
        <Checkbox label={t('field.newCompany')} {...form.getInputProps('newCompany', { type: 'checkbox' })} />
        {!v.newCompany && (
          <RemoteSelect<Company>
            label={t('field.companyId')}
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
            <TextInput label={t('field.companyName')} {...req} {...form.getInputProps('companyName')} />
            <SimpleGrid cols={2} spacing="xs">
              <TextInput
                label={t('field.companyWebsite')}
                {...req}
                {...form.getInputProps('companyWebsite')}
              />
              <TextInput
                label={t('field.companyTin')}
                {...req}
                description={t('form.910Or12Digits')}
                {...form.getInputProps('companyTin')}
              />
              <CompanyFromRegister
                tin={v.companyTin}
                currentName={v.companyName}
                onFill={(name) => form.setFieldValue('companyName', name)}
              />
              <Select
                label={t('field.industryId')}
                clearable
                searchable
                data={options.industries}
                {...form.getInputProps('industryId')}
              />
              <TextInput label={t('field.companySize')} {...form.getInputProps('companySize')} />
            </SimpleGrid>
            <Checkbox
              label={t('field.keyAccount')}
              {...form.getInputProps('keyAccount', { type: 'checkbox' })}
            />
          </>
        )}
        {!v.newCompany && (v.companyTin || v.companyWebsite) && (
          <SimpleGrid cols={2} spacing="xs">
            <TextInput label={t('field.companyWebsite')} {...form.getInputProps('companyWebsite')} />
            <TextInput label={t('field.companyTin')} {...form.getInputProps('companyTin')} />
          </SimpleGrid>
        )}
      </Stack>
    </Section>
  );
}
