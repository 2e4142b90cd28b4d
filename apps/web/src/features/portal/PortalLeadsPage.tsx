import { useEffect, useState } from 'react';
import { Anchor, Box, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Lead } from '@leadline/contract';
import { LeadCard } from '../../components/LeadCard';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDate } from '../../i18n/format';
import { portalNames, usePortal, usePortalLeads, type PortalNames } from './api';

import { StatusDot } from './StatusDot';

/** "Our leads": the leads of the partner company's agreements, as a table, or as cards on a phone. */
export function PortalLeadsPage() {
  const { t } = useTranslation('portal');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [typed, setTyped] = useState(q);
  useEffect(() => setTyped(q), [q]);
  const portal = usePortal();
  const leads = usePortalLeads(q);
  const names = portalNames(portal.data);
  const all = leads.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Title order={2}>{t('ourLeads')}</Title>
          {portal.data && (
            <Text size="sm" c="dimmed">
              {t('ofCompany', { company: portal.data.company.name })}
            </Text>
          )}
        </div>
        <Button component={Link} to="/leads/new" leftSection={<IconPlus size={14} />}>
          {t('registerLead')}
        </Button>
      </Group>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setParams(typed.trim() ? { q: typed.trim() } : {});
        }}
      >
        <TextInput
          data-page-search
          aria-label={t('searchOurLeads')}
          placeholder={t('searchOurLeads')}
          leftSection={<IconSearch size={14} />}
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          maw={420}
        />
      </form>
      {leads.isLoading || portal.isLoading ? (
        <LoadingState />
      ) : leads.isError ? (
        <ErrorState error={leads.error} onRetry={() => void leads.refetch()} />
      ) : portal.isError ? (
        <ErrorState error={portal.error} onRetry={() => void portal.refetch()} />
      ) : all.length === 0 ? (
        <EmptyState
          title={q ? t('noMatch') : t('noLeadsYet')}
          description={q ? t('noMatchHint') : t('noLeadsYetHint')}
          action={
            !q && (
              <Button component={Link} to="/leads/new" leftSection={<IconPlus size={14} />}>
                {t('registerLead')}
              </Button>
            )
          }
        />
      ) : (
        <>
          <Box visibleFrom="sm">
            <LeadsTable leads={all} names={names} />
          </Box>
          <Stack gap="xs" hiddenFrom="sm" aria-label={t('ourLeads')} role="list">
            {all.map((lead) => (
              <PortalLeadCard key={lead.id} lead={lead} names={names} />
            ))}
          </Stack>
          {leads.hasNextPage && (
            <Button
              variant="default"
              onClick={() => void leads.fetchNextPage()}
              loading={leads.isFetchingNextPage}
              style={{ alignSelf: 'center' }}
            >
              {t('showMore')}
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}

function LeadsTable({ leads, names }: { leads: Lead[]; names: PortalNames }) {
  const { t } = useTranslation('portal');
  const navigate = useNavigate();
  return (
    <Table highlightOnHover verticalSpacing="xs" aria-label={t('ourLeads')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('number')}</Table.Th>
          <Table.Th>{t('lead')}</Table.Th>
          <Table.Th>{t('company')}</Table.Th>
          <Table.Th>{t('status')}</Table.Th>
          <Table.Th>{t('owner')}</Table.Th>
          <Table.Th>{t('registered')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {leads.map((lead) => (
          <Table.Tr key={lead.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/leads/${lead.id}`)}>
            <Table.Td ff="monospace" fz="sm">
              {lead.number}
            </Table.Td>
            <Table.Td>
              <Anchor component={Link} to={`/leads/${lead.id}`} fw={500} size="sm">
                {lead.name}
              </Anchor>
            </Table.Td>
            <Table.Td fz="sm">{names.company(lead) ?? '—'}</Table.Td>
            <Table.Td>
              <StatusDot status={names.status(lead.statusId)} />
            </Table.Td>
            <Table.Td fz="sm">{names.person(lead.ownerId) ?? t('notAssignedYet')}</Table.Td>
            <Table.Td fz="sm">{formatDate(lead.startDate)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function PortalLeadCard({ lead, names }: { lead: Lead; names: PortalNames }) {
  const { t } = useTranslation('portal');
  return (
    <LeadCard lead={lead}>
      <Text size="sm" c="dimmed" mt={2} style={{ wordBreak: 'break-word' }}>
        {names.company(lead) ?? '—'}
      </Text>
      <Group justify="space-between" gap={6} mt={6}>
        <StatusDot status={names.status(lead.statusId)} />
        <Text size="xs" c="dimmed">
          {t('ownerIs', { owner: names.person(lead.ownerId) ?? t('notAssignedYet') })}
          {' · '}
          {formatDate(lead.startDate)}
        </Text>
      </Group>
    </LeadCard>
  );
}
