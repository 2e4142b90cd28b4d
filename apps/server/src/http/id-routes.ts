import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { IdParams } from '@leadline/contract';
import type { Principal } from '../modules/access/principal';
import { requirePrincipal } from './auth';

type Handler<R extends z.ZodType> = (principal: Principal, id: string) => Promise<z.input<R>>;

/**
 * Routes about one record named by the `:id` of their path (checked as a UUID), for a signed-in caller,
 * answering 200 with `response`: the shape most of a module's routes share, declared in one line each.
 */
export function idRoutes(app: FastifyInstance, tags: string[]) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const route =
    (method: 'GET' | 'POST') =>
    <R extends z.ZodType>(url: string, summary: string, response: R, handler: Handler<R>) => {
      r.route({
        method,
        url,
        schema: { tags, summary, params: IdParams, response: { 200: response } },
        // `handler`'s answer is checked against `response` where it is declared (Handler<R>); fastify's
        // reply type cannot see through the type parameter.
        handler: (req) => handler(requirePrincipal(req), req.params.id) as never,
      });
    };
  return { get: route('GET'), post: route('POST') };
}
