import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';

dayjs.extend(relativeTime);

export const formatDate = (v: string | null | undefined) => (v ? dayjs(v).format('D MMM YYYY') : '');
export const formatDateTime = (v: string | null | undefined) =>
  v ? dayjs(v).format('D MMM YYYY, HH:mm') : '';
export const fromNow = (v: string | null | undefined) => (v ? dayjs(v).fromNow() : '');

export function formatMoney(m: { amount: string; currency: string } | null | undefined): string {
  if (!m) return '';
  const n = Number(m.amount);
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: m.currency,
      maximumFractionDigits: 0,
    }).format(n);
  } catch {
    return `${m.amount} ${m.currency}`;
  }
}

export const roleLabels: Record<string, string> = {
  crm_admin: 'Administrator (crm_admin)',
  crm_manager: 'Manager (crm_manager)',
  crm_sales: 'Sales (crm_sales)',
  crm_marketeer: 'Marketeer (crm_marketeer)',
  partner: 'Partner (partner)',
};
export const shortRoleLabels: Record<string, string> = {
  crm_admin: 'Admin',
  crm_manager: 'Manager',
  crm_sales: 'Sales',
  crm_marketeer: 'Marketeer',
  partner: 'Partner',
};

/** A person's name as written: first, middle and last name, whichever are known. */
export const personName = (p: {
  firstName: string | null;
  middleName?: string | null;
  lastName: string | null;
}) => [p.firstName, p.middleName, p.lastName].filter(Boolean).join(' ');
