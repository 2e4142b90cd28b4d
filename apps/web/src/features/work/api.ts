import { useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Activity,
  ActivityCreate,
  ActivityPatch,
  Attachment,
  CommunicationCreate,
  LeadMessage,
  Notification,
  Problem,
  RenderedMessage,
  Template,
} from '@leadline/contract';
import { ApiError, api, changeHeaders, ifMatch, toQuery } from '../../lib/api';
import type { Page } from '../../lib/queries';
import { leadKeys } from '../leads/api';

/** Activities, messages and files of leads live under the leads' keys: a change refreshes the lead too. */
export const workKeys = {
  activities: (leadId: string) => [...leadKeys.all, 'activities', leadId] as const,
  agenda: (due: string) => [...leadKeys.all, 'agenda', due] as const,
  attachments: (leadId: string) => [...leadKeys.all, 'attachments', leadId] as const,
  messages: (leadId: string) => [...leadKeys.all, 'messages', leadId] as const,
  notifications: ['notifications'] as const,
  templates: ['templates'] as const,
};

/** The user's own time zone says when "today" starts on the agenda. */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function useLeadActivities(leadId: string) {
  return useQuery({
    queryKey: workKeys.activities(leadId),
    queryFn: () => api<Page<Activity>>('GET', `/leads/${leadId}/activities${toQuery({ limit: 100 })}`),
  });
}

export type AgendaWindow = 'overdue' | 'today' | 'week';

export function useAgenda(due: AgendaWindow) {
  return useQuery({
    queryKey: workKeys.agenda(due),
    queryFn: () =>
      api<Page<Activity>>(
        'GET',
        `/activities${toQuery({ assignee: 'me', due, tz: browserTimeZone(), done: false, limit: 200 })}`,
      ),
  });
}

export const planActivity = (leadId: string, body: ActivityCreate) =>
  api<Activity>('POST', `/leads/${leadId}/activities`, body);

export const changeActivity = (a: Pick<Activity, 'id' | 'version'>, patch: ActivityPatch) =>
  api<Activity>('PATCH', `/activities/${a.id}`, patch, ifMatch(a.version));

export const deleteActivity = (id: string) => api<void>('DELETE', `/activities/${id}`);

/** After any change to activities: the lead (its next and last event), its timeline, the agenda. */
export function useWorkChanged() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: leadKeys.all });
}

export function useAttachments(leadId: string) {
  return useQuery({
    queryKey: workKeys.attachments(leadId),
    queryFn: () => api<Page<Attachment>>('GET', `/leads/${leadId}/attachments${toQuery({ limit: 200 })}`),
  });
}

/** Multipart upload with the CSRF token; problem+json answers come back as ApiError. */
export async function uploadAttachment(leadId: string, file: File): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch(`/api/v1/leads/${leadId}/attachments`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: changeHeaders(),
    body: form,
  });
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const problem =
      typeof data === 'object' && data !== null && 'status' in data
        ? (data as Problem)
        : { type: 'about:blank', title: res.statusText, status: res.status };
    throw new ApiError(res.status, problem);
  }
  return data as Attachment;
}

export const deleteAttachment = (id: string) => api<void>('DELETE', `/attachments/${id}`);
export const attachmentUrl = (id: string) => `/api/v1/attachments/${id}`;
export const reportUrl = (leadId: string) => `/api/v1/leads/${leadId}/report.pdf`;

export function useTemplates() {
  return useQuery({
    queryKey: workKeys.templates,
    queryFn: () => api<Page<Template>>('GET', `/templates${toQuery({ limit: 500, sort: 'name' })}`),
    staleTime: 30_000,
  });
}

export const previewTemplate = (templateId: string, leadId: string) =>
  api<RenderedMessage>('POST', `/templates/${templateId}/preview`, { leadId });

export const communicate = (leadId: string, body: CommunicationCreate) =>
  api<LeadMessage>('POST', `/leads/${leadId}/communications`, body);

export interface NotificationPage extends Page<Notification> {
  unread: number;
}

/** The bell: polled every 30 seconds while the page is open. */
export function useNotifications() {
  return useQuery({
    queryKey: workKeys.notifications,
    queryFn: () => api<NotificationPage>('GET', `/notifications${toQuery({ limit: 30 })}`),
    refetchInterval: 30_000,
  });
}

export const markNotificationsRead = (ids: string[]) => api<void>('POST', '/notifications/read', { ids });
