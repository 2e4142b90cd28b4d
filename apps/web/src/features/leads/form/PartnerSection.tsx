import { Select, SimpleGrid, TextInput } from '@mantine/core';
import type { Contact } from '@leadline/contract';
import { RemoteSelect } from '../../../components/RemoteSelect';
import { personName } from '../../../lib/format';
import { Section, type SectionProps } from './Section';

/** The agreements offered are those whose program fits the lead's sales direction and product. */
export function PartnerSection({ form, options }: SectionProps) {
  return (
    <Section title="Partner" id="sec-partner">
      <SimpleGrid cols={2} spacing="xs">
        <Select
          label="Partnership agreement"
          clearable
          searchable
          data={options.agreementOptions}
          {...form.getInputProps('partnershipAgreementId')}
        />
        <TextInput label="Partner company" readOnly value={options.partnerCompanyName} variant="filled" />
        <RemoteSelect<Contact>
          label="Partner contact"
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
