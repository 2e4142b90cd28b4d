import { Anchor, Badge, Group, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import type { EnrichmentResult } from '@leadline/contract';
import { useTranslation } from 'react-i18next';
import { api, toQuery } from '../../lib/api';

const tinPattern = /^([0-9]{9}|[0-9]{10}|[0-9]{12})$/;

/**
 * Beside the TIN of a new company: what the company register knows of it ("Found: ACME LLC — fill in").
 * Nothing shows while enrichment is off (the endpoint answers no company) or the register knows none.
 */
export function CompanyFromRegister({
  tin,
  currentName,
  onFill,
}: {
  tin: string | null | undefined;
  currentName: string | null | undefined;
  onFill: (name: string) => void;
}) {
  const { t } = useTranslation('identity');
  const [typed] = useDebouncedValue((tin ?? '').replace(/\s+/g, ''), 400);
  const { data } = useQuery({
    queryKey: ['enrichment', typed],
    enabled: tinPattern.test(typed),
    retry: false,
    staleTime: 5 * 60_000,
    queryFn: () =>
      api<EnrichmentResult>('GET', `/enrichment/company${toQuery({ tin: typed })}`).catch(
        (): EnrichmentResult => ({ company: null }),
      ),
  });
  const company = tinPattern.test(typed) ? data?.company : null;
  if (!company) return null;
  const details = [
    company.industryCode && t('enrichment.okved', { code: company.industryCode }),
    company.address.street,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Group gap={6} wrap="wrap" data-testid="company-from-register" style={{ gridColumn: '1 / -1' }}>
      <Text size="sm">{t('enrichment.found', { name: company.name })}</Text>
      {company.status === 'liquidated' && (
        <Badge color="red" variant="light" size="sm">
          {t('enrichment.liquidated')}
        </Badge>
      )}
      {company.name !== currentName && (
        <Anchor component="button" type="button" size="sm" onClick={() => onFill(company.name)}>
          {t('enrichment.fill')}
        </Anchor>
      )}
      {details && (
        <Text size="xs" c="dimmed" w="100%" style={{ overflowWrap: 'anywhere' }}>
          {details}
        </Text>
      )}
    </Group>
  );
}
