import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryTable } from '../../components/QueryTable';
import { EmptyState } from '../../components/States';
import { formatDateTime } from '../../i18n/format';
import { useWebForms } from './api';

/** The web forms of the organisation, for administrators. */
export function WebFormsPage() {
  const { t } = useTranslation('intake');
  const navigate = useNavigate();
  const forms = useWebForms();
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('forms.intro')}
        </Text>
        <Button component={Link} to="/settings/web-forms/new" leftSection={<IconPlus size={14} />}>
          {t('forms.new')}
        </Button>
      </Group>
      <QueryTable
        query={forms}
        label={t('forms.title')}
        minWidth={640}
        empty={<EmptyState title={t('forms.none')} description={t('forms.noneHint')} />}
        onRowClick={(f) => navigate(`/settings/web-forms/${f.id}`)}
        columns={[
          { key: 'name', header: t('forms.name'), fw: 500, cell: (f) => f.name },
          {
            key: 'url',
            header: t('forms.url'),
            cell: (f) => (
              <Anchor href={f.path} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>
                {f.path}
              </Anchor>
            ),
          },
          { key: 'fields', header: t('forms.fieldCount'), cell: (f) => f.fields.length },
          {
            key: 'state',
            header: t('forms.state'),
            cell: (f) =>
              f.active ? (
                <Badge color="teal">{t('forms.active')}</Badge>
              ) : (
                <Badge color="gray">{t('forms.inactive')}</Badge>
              ),
          },
          { key: 'updated', header: t('forms.updated'), cell: (f) => formatDateTime(f.updatedAt) },
        ]}
      />
    </Stack>
  );
}
