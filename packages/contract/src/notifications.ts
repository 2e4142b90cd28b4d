import { z } from 'zod';
import { ListQuery, QueryBool, Timestamp } from './common';

export const notificationKinds = ['assigned', 'queue', 'reminder', 'mention'] as const;
export const NotificationKind = z.enum(notificationKinds);

export const Notification = z.object({
  id: z.uuid(),
  kind: NotificationKind,
  leadId: z.uuid().nullable(),
  activityId: z.uuid().nullable(),
  text: z.string(),
  readAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type Notification = z.infer<typeof Notification>;

export const NotificationListQuery = ListQuery.extend({ unread: QueryBool.optional() });
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

export const NotificationPage = z.object({
  items: z.array(Notification),
  nextCursor: z.string().nullable(),
  total: z.number().int().optional(),
  /** How many of the user's notifications are unread (the bell's count). */
  unread: z.number().int(),
});

export const NotificationsRead = z.strictObject({ ids: z.array(z.uuid()).min(1).max(500) });
