import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  IdParams,
  ListQuery,
  PasswordChange,
  Unit,
  UnitCreate,
  UnitPatch,
  User,
  UserCreate,
  UserListQuery,
  UserPatch,
  page,
} from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { ifMatchVersion } from '../../http/versioning';
import type { UsersService } from './users.service';

export function usersRoutes(app: FastifyInstance, users: UsersService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Users and units'];

  r.get('/api/v1/users', {
    schema: {
      tags,
      summary: 'List users',
      querystring: ListQuery.extend(UserListQuery.shape),
      response: { 200: page(User) },
    },
    handler: (req) => users.list(requirePrincipal(req), req.query),
  });
  r.post('/api/v1/users', {
    schema: { tags, summary: 'Create a user (crm_admin)', body: UserCreate, response: { 201: User } },
    handler: async (req, reply) =>
      reply.status(201).send(await users.create(requirePrincipal(req), req.body)),
  });
  r.get('/api/v1/users/:id', {
    schema: { tags, summary: 'Get a user', params: IdParams, response: { 200: User } },
    handler: (req) => users.get(requirePrincipal(req), req.params.id),
  });
  r.patch('/api/v1/users/:id', {
    schema: {
      tags,
      summary: 'Change a user (crm_admin); If-Match: version',
      params: IdParams,
      body: UserPatch,
      response: { 200: User },
    },
    handler: (req) => users.update(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.post('/api/v1/me/password', {
    schema: {
      tags,
      summary: 'Change my password (ends every session)',
      body: PasswordChange,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await users.changeOwnPassword(requirePrincipal(req), req.body.currentPassword, req.body.newPassword);
      return reply.status(204).send(null);
    },
  });

  r.get('/api/v1/units', {
    schema: { tags, summary: 'List units', response: { 200: page(Unit) } },
    handler: (req) => users.listUnits(requirePrincipal(req)),
  });
  r.post('/api/v1/units', {
    schema: { tags, summary: 'Create a unit (crm_admin)', body: UnitCreate, response: { 201: Unit } },
    handler: async (req, reply) =>
      reply.status(201).send(await users.createUnit(requirePrincipal(req), req.body)),
  });
  r.get('/api/v1/units/:id', {
    schema: { tags, summary: 'Get a unit', params: IdParams, response: { 200: Unit } },
    handler: (req) => users.getUnit(requirePrincipal(req), req.params.id),
  });
  r.patch('/api/v1/units/:id', {
    schema: {
      tags,
      summary: 'Change a unit (crm_admin); If-Match: version',
      params: IdParams,
      body: UnitPatch,
      response: { 200: Unit },
    },
    handler: (req) => users.updateUnit(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.delete('/api/v1/units/:id', {
    schema: { tags, summary: 'Delete a unit (crm_admin)', params: IdParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await users.deleteUnit(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}
