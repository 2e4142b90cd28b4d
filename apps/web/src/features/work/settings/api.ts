import { useQuery } from '@tanstack/react-query';
import type { CommunicationRule, Template, Webhook, WebhookDelivery, WebhookEvent } from '@leadline/contract';
import { api, toQuery } from '../../../lib/api';
import type { Page } from '../../../lib/queries';

export const adminKeys = {
  rules: ['communication-rules'] as const,
  ruleLog: (id: string) => ['communication-rules', id, 'log'] as const,
  webhooks: ['webhooks'] as const,
  deliveries: (id: string) => ['webhooks', id, 'deliveries'] as const,
};

export type TemplateInput = Pick<Template, 'name' | 'channel' | 'subject' | 'body'>;
export const saveTemplate = (id: string | null, body: TemplateInput) =>
  id ? api<Template>('PATCH', `/templates/${id}`, body) : api<Template>('POST', '/templates', body);
export const deleteTemplate = (id: string) => api<void>('DELETE', `/templates/${id}`);

export function useRules() {
  return useQuery({
    queryKey: adminKeys.rules,
    queryFn: () => api<Page<CommunicationRule>>('GET', `/communication-rules${toQuery({ limit: 500 })}`),
  });
}
export type RuleInput = Pick<
  CommunicationRule,
  'name' | 'event' | 'statusId' | 'phase' | 'templateId' | 'recipient' | 'active'
>;
export const createRule = (body: RuleInput) => api<CommunicationRule>('POST', '/communication-rules', body);
export const setRuleActive = (id: string, active: boolean) =>
  api<CommunicationRule>('PATCH', `/communication-rules/${id}`, { active });
export const deleteRule = (id: string) => api<void>('DELETE', `/communication-rules/${id}`);

export interface RuleLogEntry {
  id: string;
  leadId: string;
  messageId: string | null;
  outcome: 'sent' | 'skipped';
  reason: string | null;
  createdAt: string;
}
export function useRuleLog(id: string | null) {
  return useQuery({
    queryKey: adminKeys.ruleLog(id ?? ''),
    queryFn: () => api<Page<RuleLogEntry>>('GET', `/communication-rules/${id}/log${toQuery({ limit: 100 })}`),
    enabled: id !== null,
  });
}

export function useWebhooks() {
  return useQuery({
    queryKey: adminKeys.webhooks,
    queryFn: () => api<Page<Webhook>>('GET', `/webhooks${toQuery({ limit: 500 })}`),
  });
}
export const createWebhook = (body: { url: string; events: WebhookEvent[]; active: boolean }) =>
  api<Webhook & { secret: string }>('POST', '/webhooks', body);
export const setWebhookActive = (id: string, active: boolean) =>
  api<Webhook>('PATCH', `/webhooks/${id}`, { active });
export const deleteWebhook = (id: string) => api<void>('DELETE', `/webhooks/${id}`);
export function useDeliveries(id: string | null) {
  return useQuery({
    queryKey: adminKeys.deliveries(id ?? ''),
    queryFn: () => api<Page<WebhookDelivery>>('GET', `/webhooks/${id}/deliveries${toQuery({ limit: 100 })}`),
    enabled: id !== null,
    refetchInterval: 5000,
  });
}
export const redeliver = (webhookId: string, deliveryId: string) =>
  api<WebhookDelivery>('POST', `/webhooks/${webhookId}/deliveries/${deliveryId}/redeliver`);
