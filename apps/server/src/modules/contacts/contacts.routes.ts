import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Contact, ContactCreate, ContactListQuery, ContactPatch, IdParams, page } from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { ifMatchVersion } from '../../http/versioning';
import type { ContactsService } from './contacts.service';

export function contactsRoutes(app: FastifyInstance, contacts: ContactsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Contacts'];
  r.get('/api/v1/contacts', {
    schema: {
      tags,
      summary: 'List contacts (q: part of a name, an e-mail or a phone; companyId; active)',
      querystring: ContactListQuery,
      response: { 200: page(Contact) },
    },
    handler: (req) => contacts.list(requirePrincipal(req), req.query),
  });
  r.post('/api/v1/contacts', {
    schema: { tags, summary: 'Create a contact', body: ContactCreate, response: { 201: Contact } },
    handler: async (req, reply) =>
      reply.status(201).send(await contacts.create(requirePrincipal(req), req.body)),
  });
  r.get('/api/v1/contacts/:id', {
    schema: { tags, summary: 'Get a contact', params: IdParams, response: { 200: Contact } },
    handler: (req) => contacts.get(requirePrincipal(req), req.params.id),
  });
  r.patch('/api/v1/contacts/:id', {
    schema: {
      tags,
      summary: 'Change a contact; If-Match: version',
      params: IdParams,
      body: ContactPatch,
      response: { 200: Contact },
    },
    handler: (req) => contacts.update(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.delete('/api/v1/contacts/:id', {
    schema: {
      tags,
      summary: 'Delete a contact that nothing refers to',
      params: IdParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await contacts.remove(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}
