import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { importTargets, type ImportTarget } from '@leadline/contract';
import { useFieldLabels } from '../leads/fieldLabels';

/** The name of every field a column can be imported into, in the user's language. */
export function useTargetLabels(): Record<ImportTarget, string> {
  const { t } = useTranslation('leads');
  const fields = useFieldLabels();
  return useMemo(() => {
    const address: Record<string, string> = {
      'address.street': t('form.street'),
      'address.postalCode': t('form.postalCode'),
      'address.city': t('form.city'),
      'address.region': t('form.region'),
      'address.country': t('form.country'),
    };
    return Object.fromEntries(importTargets.map((k) => [k, address[k] ?? fields[k] ?? k])) as Record<
      ImportTarget,
      string
    >;
  }, [t, fields]);
}
