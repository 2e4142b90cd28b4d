import type { MergeableLeadField } from '@leadline/contract';
import { column } from '../leads/lead-fields';

/** The columns holding a lead field: one for most, several for the address and the amount. */
export function columnsOf(field: MergeableLeadField): string[] {
  if (field === 'address')
    return ['address_street', 'address_postal_code', 'address_city', 'address_region', 'address_country'];
  if (field === 'targetAmount') return ['target_amount', 'target_currency'];
  return [column(field)];
}
