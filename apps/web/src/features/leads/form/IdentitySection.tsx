import { Select, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { req } from '../../../lib/required';
import type { LeadFormValues } from '../leadFormModel';
import { Section, type SectionProps } from './Section';

/** `isNew`: a lead type gives its defaults of priority, importance and estimated time only to a new lead. */
export function IdentitySection({ form, options, isNew }: SectionProps & { isNew: boolean }) {
  const leadTypeChanged = (id: string | null) => {
    form.setFieldValue('leadTypeId', id);
    const type = options.leadTypes?.find((t) => t.id === id);
    if (!type || !isNew) return;
    if (type.priority) form.setFieldValue('priority', type.priority as LeadFormValues['priority']);
    if (type.importance) form.setFieldValue('importance', type.importance as LeadFormValues['importance']);
    if (type.estimatedCompletionDays !== null && type.estimatedCompletionDays !== undefined)
      form.setFieldValue('estimatedCompletionDays', type.estimatedCompletionDays);
  };
  return (
    <Section title="Identity" id="sec-identity">
      <Stack gap="xs">
        <TextInput label="Name" {...req} data-autofocus {...form.getInputProps('name')} />
        <SimpleGrid cols={2} spacing="xs">
          <Select
            label="Lead source"
            {...req}
            searchable
            data={options.sources}
            {...form.getInputProps('sourceId')}
          />
          <Select
            label="Lead type"
            clearable
            searchable
            data={options.leadTypeOptions}
            {...form.getInputProps('leadTypeId')}
            onChange={leadTypeChanged}
          />
        </SimpleGrid>
        <Textarea
          label="Description"
          autosize
          minRows={2}
          maxRows={8}
          {...form.getInputProps('description')}
        />
        <Textarea
          label="Customer requirements"
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps('customerRequirements')}
        />
        <TagsInput label="Tags" data={options.tags} clearable {...form.getInputProps('tags')} />
      </Stack>
    </Section>
  );
}
