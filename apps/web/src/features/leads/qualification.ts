import { useQuery } from '@tanstack/react-query';
import { crmRoles, type QualificationField, type Settings } from '@leadline/contract';
import { api } from '../../lib/api';
import { useSession } from '../../app/auth';
import { settingsKeys } from '../settings/api';

/**
 * The qualification fields the settings make mandatory to qualify a lead (the server checks the same
 * list). Read by CRM users only: a partner's screens never ask for the settings.
 */
export function useRequiredQualification(): readonly QualificationField[] {
  const { user } = useSession();
  const crm = !!user?.roles.some((r) => crmRoles.includes(r));
  const settings = useQuery({
    queryKey: settingsKeys.settings,
    queryFn: () => api<Settings>('GET', '/settings'),
    enabled: crm,
    staleTime: 60_000,
  });
  return settings.data?.qualificationRequiredFields ?? [];
}
