import { Checkbox, Rating, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { Section, type SectionProps } from './Section';

export function FollowUpSection({ form, options, ownerEditable }: SectionProps & { ownerEditable: boolean }) {
  return (
    <Section title="Follow-up" id="sec-followup">
      <Stack gap="xs">
        <SimpleGrid cols={2} spacing="xs">
          <Select
            label="Owner"
            clearable
            searchable
            data={options.owners}
            disabled={!ownerEditable}
            {...form.getInputProps('ownerId')}
          />
          <Select
            label="Unit"
            clearable
            searchable
            data={options.units}
            disabled={!ownerEditable}
            {...form.getInputProps('unitId')}
          />
          <Select
            label="Agency"
            clearable
            searchable
            data={options.agencies}
            {...form.getInputProps('agencyId')}
          />
          <Select
            label="Company of the group"
            clearable
            searchable
            data={options.groupCompanies}
            {...form.getInputProps('groupCompanyId')}
          />
          <Select
            label="Category"
            clearable
            searchable
            data={options.categories}
            {...form.getInputProps('categoryId')}
          />
          <Stack gap={2}>
            <Text size="xs" fw={500} id="score-label">
              Score
            </Text>
            <Rating
              aria-labelledby="score-label"
              {...form.getInputProps('score')}
              onChange={(s) => form.setFieldValue('score', s)}
            />
          </Stack>
        </SimpleGrid>
        <Checkbox label="Nurturing" {...form.getInputProps('nurturing', { type: 'checkbox' })} />
      </Stack>
    </Section>
  );
}
