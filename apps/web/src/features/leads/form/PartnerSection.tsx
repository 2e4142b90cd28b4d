import { Select, SimpleGrid, TextInput } from '@mantine/core';
import type { Contact } from '@leadline/contract';
import { RemoteSelect } from '../../../components/RemoteSelect';
import { personName } from '../../../lib/format';
import { Section, type SectionProps } from './Section';
import { useTranslation } from 'react-i18next';

/** The agreements offered are those whose program fits the lead's sales direction and product. */
export function PartnerSection({ form, options }: SectionProps) {
  const { t } = useTranslation('leads');
  return (
    <Section title={t('form.partner')} id="sec-partner">
      <SimpleGrid cols={2} spacing="xs">
        <Select
          label={t('field.partnershipAgreementId')}
          clearable
          searchable
          data={options.agreementOptions}
          {...form.getInputProps('partnershipAgreementId')}
        />
        <TextInput
          label={t('field.partnerCompanyId')}
          readOnly
          value={options.partnerCompanyName}
          variant="filled"
        />
        <RemoteSelect<Contact>
          label={t('field.partnerContactId')}
          path="/contacts"
          params={{ companyId: options.partnerCompanyId }}
          labelOf={personName}
          value={form.values.partnerContactId}
          onChange={(id) => form.setFieldValue('partnerContactId', id)}
          error={form.errors.partnerContactId}
        />
      </SimpleGrid>
    </Section>
  );
}
