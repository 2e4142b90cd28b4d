import { Anchor, Badge, Button, Group, Paper, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
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
      <Paper withBorder>
        {forms.isLoading ? (
          <LoadingState />
        ) : forms.isError ? (
          <ErrorState error={forms.error} onRetry={() => void forms.refetch()} />
        ) : forms.data!.items.length === 0 ? (
          <EmptyState title={t('forms.none')} description={t('forms.noneHint')} />
        ) : (
          <ScrollArea type="auto">
            <Table aria-label={t('forms.title')} highlightOnHover miw={640}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('forms.name')}</Table.Th>
                  <Table.Th>{t('forms.url')}</Table.Th>
                  <Table.Th>{t('forms.fieldCount')}</Table.Th>
                  <Table.Th>{t('forms.state')}</Table.Th>
                  <Table.Th>{t('forms.updated')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {forms.data!.items.map((f) => (
                  <Table.Tr
                    key={f.id}
                    style={{ cursor: 'pointer' }}
                    onClick={() => navigate(`/settings/web-forms/${f.id}`)}
                  >
                    <Table.Td fw={500}>{f.name}</Table.Td>
                    <Table.Td>
                      <Anchor
                        href={f.path}
                        target="_blank"
                        rel="noreferrer"
                        onClick={(e) => e.stopPropagation()}
                      >
                        {f.path}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{f.fields.length}</Table.Td>
                    <Table.Td>
                      {f.active ? (
                        <Badge color="teal">{t('forms.active')}</Badge>
                      ) : (
                        <Badge color="gray">{t('forms.inactive')}</Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{formatDateTime(f.updatedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Paper>
    </Stack>
  );
}
