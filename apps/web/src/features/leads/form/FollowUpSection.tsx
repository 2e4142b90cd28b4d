import { Checkbox, Rating, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { Section, type SectionProps } from './Section';
import { useTranslation } from 'react-i18next';

export function FollowUpSection({ form, options, ownerEditable }: SectionProps & { ownerEditable: boolean }) {
  const { t } = useTranslation('leads');
  return (
    <Section title={t('form.followUp')} id="sec-followup">
      <Stack gap="xs">
        <SimpleGrid cols={2} spacing="xs">
          <Select
            label={t('field.ownerId')}
            clearable
            searchable
            data={options.owners}
            disabled={!ownerEditable}
            {...form.getInputProps('ownerId')}
          />
          <Select
            label={t('field.unitId')}
            clearable
            searchable
            data={options.units}
            disabled={!ownerEditable}
            {...form.getInputProps('unitId')}
          />
          <Select
            label={t('field.agencyId')}
            clearable
            searchable
            data={options.agencies}
            {...form.getInputProps('agencyId')}
          />
          <Select
            label={t('field.groupCompanyId')}
            clearable
            searchable
            data={options.groupCompanies}
            {...form.getInputProps('groupCompanyId')}
          />
          <Select
            label={t('field.categoryId')}
            clearable
            searchable
            data={options.categories}
            {...form.getInputProps('categoryId')}
          />
          <Stack gap={2}>
            <Text size="xs" fw={500} id="score-label">
              {t('field.score')}
            </Text>
            <Rating
              aria-labelledby="score-label"
              {...form.getInputProps('score')}
              onChange={(s) => form.setFieldValue('score', s)}
            />
          </Stack>
        </SimpleGrid>
        <Checkbox label={t('field.nurturing')} {...form.getInputProps('nurturing', { type: 'checkbox' })} />
      </Stack>
    </Section>
  );
}
