import { useTranslation } from 'react-i18next';
import type { Level, Phase, Role } from '@leadline/contract';

/** The names of the fixed values of the product (roles, phases), in the user's language. */
export function useRoleLabels(): Record<Role, string> {
  const { t } = useTranslation('common');
  return {
    crm_admin: t('role.crm_admin'),
    crm_manager: t('role.crm_manager'),
    crm_sales: t('role.crm_sales'),
    crm_marketeer: t('role.crm_marketeer'),
    partner: t('role.partner'),
  };
}

export function usePhaseLabels(): Record<Phase, string> {
  const { t } = useTranslation('common');
  return {
    new: t('phase.new'),
    in_progress: t('phase.in_progress'),
    won: t('phase.won'),
    lost: t('phase.lost'),
    dropped: t('phase.dropped'),
  };
}

export function useLevelLabels(): Record<Level, string> {
  const { t } = useTranslation('common');
  return {
    low: t('level.low'),
    normal: t('level.normal'),
    high: t('level.high'),
    urgent: t('level.urgent'),
  };
}
