import { Select, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { req } from '../../../lib/required';
import type { LeadFormValues } from '../leadFormModel';
import { Section, type SectionProps } from './Section';
import { useTranslation } from 'react-i18next';

/** `isNew`: a lead type gives its defaults of priority, importance and estimated time only to a new lead. */
export function IdentitySection({ form, options, isNew }: SectionProps & { isNew: boolean }) {
  const { t } = useTranslation('leads');
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
    <Section title={t('form.identity')} id="sec-identity">
      <Stack gap="xs">
        <TextInput
          label={t('field.name')}
          {...req}
          data-autofocus
          autoFocus={isNew}
          {...form.getInputProps('name')}
        />
        <SimpleGrid cols={2} spacing="xs">
          <Select
            label={t('field.sourceId')}
            {...req}
            searchable
            data={options.sources}
            {...form.getInputProps('sourceId')}
          />
          <Select
            label={t('field.leadTypeId')}
            clearable
            searchable
            data={options.leadTypeOptions}
            {...form.getInputProps('leadTypeId')}
            onChange={leadTypeChanged}
          />
        </SimpleGrid>
        <Textarea
          label={t('field.description')}
          autosize
          minRows={2}
          maxRows={8}
          {...form.getInputProps('description')}
        />
        <Textarea
          label={t('field.customerRequirements')}
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps('customerRequirements')}
        />
        <TagsInput label={t('field.tags')} data={options.tags} clearable {...form.getInputProps('tags')} />
      </Stack>
    </Section>
  );
}
