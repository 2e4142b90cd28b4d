export { createCatalogRepository } from './catalog.repository';
