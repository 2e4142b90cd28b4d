import { NumberInput, SimpleGrid, TextInput } from '@mantine/core';
import { Section, type LeadFormApi } from './Section';

export function KeyDatesSection({ form }: { form: LeadFormApi }) {
  return (
    <Section title="Key dates" id="sec-dates">
      <SimpleGrid cols={2} spacing="xs">
        <NumberInput
          label="Estimated completion time"
          description="Days"
          min={0}
          max={3650}
          {...form.getInputProps('estimatedCompletionDays')}
        />
        <TextInput
          label="Expected completion date"
          type="date"
          description="Empty: start date + estimated time"
          {...form.getInputProps('expectedCompletionDate')}
        />
      </SimpleGrid>
    </Section>
  );
}
