import { SimpleGrid, Textarea } from '@mantine/core';
import { qualificationFields } from '@leadline/contract';
import { fieldLabels } from '../fieldLabels';
import { Section, type LeadFormApi } from './Section';

/** The qualification fields, in the order the contract lists them (the same list Qualify checks). */
export function QualificationSection({ form }: { form: LeadFormApi }) {
  return (
    <Section title="Qualification" id="sec-qualification">
      <SimpleGrid cols={2} spacing="xs">
        {qualificationFields.map((f) => (
          <Textarea key={f} label={fieldLabels[f] ?? f} autosize minRows={1} {...form.getInputProps(f)} />
        ))}
      </SimpleGrid>
    </Section>
  );
}
