import type { FastifyInstance } from 'fastify';
import { recordRoutes } from '../lists';
import type { CatalogService } from './catalog.service';

export function catalogRoutes(app: FastifyInstance, catalog: CatalogService) {
  for (const service of catalog.records) recordRoutes(app, service);
}
