import { SimpleGrid, Text, Textarea } from '@mantine/core';
import { qualificationFields } from '@leadline/contract';
import { useFieldLabels } from '../fieldLabels';
import { useRequiredQualification } from '../qualification';
import { reqIf } from '../../../lib/required';
import { Section, type LeadFormApi } from './Section';
import { useTranslation } from 'react-i18next';

/**
 * The qualification fields, in the order the contract lists them; those Qualify needs (the settings'
 * list, which the server checks) carry the mandatory mark and a note says so.
 */
export function QualificationSection({ form }: { form: LeadFormApi }) {
  const { t } = useTranslation('leads');
  const fieldLabels = useFieldLabels();
  const required = useRequiredQualification();
  return (
    <Section title={t('form.qualification')} id="sec-qualification">
      {required.some((f) => f !== 'ownerId') && (
        <Text size="xs" c="dimmed" mb="xs" data-testid="qualification-note">
          {t('leadwork:qualification.formNote')}
        </Text>
      )}
      <SimpleGrid cols={2} spacing="xs">
        {qualificationFields.map((f) => (
          <Textarea
            key={f}
            label={fieldLabels[f] ?? f}
            {...reqIf(required.includes(f))}
            autosize
            minRows={1}
            {...form.getInputProps(f)}
          />
        ))}
      </SimpleGrid>
    </Section>
  );
}
