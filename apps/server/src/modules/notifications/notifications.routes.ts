import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotificationListQuery, NotificationPage, NotificationsRead } from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import type { NotificationsService } from './notifications.service';

export function notificationsRoutes(app: FastifyInstance, notifications: NotificationsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Notifications'];
  r.get('/api/v1/notifications', {
    schema: {
      tags,
      summary: "The user's notifications, newest first, with the unread count (?unread=true: unread only)",
      querystring: NotificationListQuery,
      response: { 200: NotificationPage },
    },
    handler: (req) => notifications.list(requirePrincipal(req), req.query),
  });
  r.post('/api/v1/notifications/read', {
    schema: {
      tags,
      summary: "Mark the user's own notifications read; answers how many changed and the unread count left",
      body: NotificationsRead,
      response: { 200: z.object({ marked: z.number().int(), unread: z.number().int() }) },
    },
    handler: (req) => notifications.markRead(requirePrincipal(req), req.body.ids),
  });
}
