import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../../http/auth';
import { notFound } from '../../http/errors';
import type { CalendarFeedService } from './calendar-feed.service';

const FeedStatus = z.object({
  active: z.boolean(),
  createdAt: z.string().nullable(),
  /** Only in the answer that made it: the secret path of the feed. */
  path: z.string().optional(),
});

export function calendarFeedRoutes(app: FastifyInstance, feeds: CalendarFeedService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Activities'];
  r.get('/api/v1/me/calendar-feed', {
    schema: { tags, summary: 'Whether my iCalendar feed is on', response: { 200: FeedStatus } },
    handler: (req) => feeds.status(requirePrincipal(req)),
  });
  r.post('/api/v1/me/calendar-feed', {
    schema: {
      tags,
      summary: 'A new secret URL for my iCalendar feed (the previous one stops working)',
      response: { 200: FeedStatus },
    },
    handler: (req) => feeds.renew(requirePrincipal(req)),
  });
  r.delete('/api/v1/me/calendar-feed', {
    schema: { tags, summary: 'Revoke my iCalendar feed', response: { 204: z.null() } },
    handler: async (req, reply) => {
      await feeds.revoke(requirePrincipal(req));
      return reply.status(204).send(null);
    },
  });
  r.get('/api/v1/calendar/:file', {
    config: { public: true },
    schema: {
      tags,
      summary: "A user's activities as iCalendar (the secret URL from POST /api/v1/me/calendar-feed)",
      params: z.object({ file: z.string().max(100) }),
    },
    handler: async (req, reply) => {
      const m = /^(.+)\.ics$/.exec(req.params.file);
      if (!m) throw notFound('calendar feed');
      const text = await feeds.feed(m[1]);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .send(text);
    },
  });
}
