import { NumberInput, SimpleGrid, TextInput } from '@mantine/core';
import { Section, type LeadFormApi } from './Section';
import { useTranslation } from 'react-i18next';

export function KeyDatesSection({ form }: { form: LeadFormApi }) {
  const { t } = useTranslation('leads');
  return (
    <Section title={t('form.keyDates')} id="sec-dates">
      <SimpleGrid cols={2} spacing="xs">
        <NumberInput
          label={t('field.estimatedCompletionDays')}
          description={t('form.days')}
          min={0}
          max={3650}
          {...form.getInputProps('estimatedCompletionDays')}
        />
        <TextInput
          label={t('field.expectedCompletionDate')}
          type="date"
          description={t('form.emptyStartDateEstimatedTime')}
          {...form.getInputProps('expectedCompletionDate')}
        />
      </SimpleGrid>
    </Section>
  );
}
