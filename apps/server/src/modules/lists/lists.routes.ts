import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CityImportResult, ListImportResult } from '@leadline/contract';
import { importableLists } from './list-import';
import { requirePrincipal } from '../../http/auth';
import { AppError, fieldError, invalid } from '../../http/errors';
import { authorize } from '../access/policy';
import type { ListsService } from './lists.service';
import { recordRoutes } from './records';

export function listsRoutes(app: FastifyInstance, lists: ListsService) {
  // The static path is registered before /cities/:id so that "import" is never read as an id.
  const multipartFile = async (req: FastifyRequest, what: string) => {
    if (!req.isMultipart()) {
      throw new AppError('unsupported_media_type', 415, 'Send the CSV as multipart/form-data.', [
        fieldError('Content-Type', 'unsupported_media_type', 'must be multipart/form-data'),
      ]);
    }
    const file = await req.file();
    if (!file || file.fieldname !== 'file') {
      file?.file.resume();
      throw invalid([fieldError('file', 'required', `attach the ${what} as the field "file"`)]);
    }
    return file.file;
  };
  app.post('/api/v1/cities/import', {
    schema: {
      tags: ['Lists of values'],
      summary:
        'Import cities from a CSV file (multipart field "file"; header name,region,country,postalCode)',
      consumes: ['multipart/form-data'],
      response: { 200: CityImportResult },
    },
    handler: async (req) => {
      const p = requirePrincipal(req);
      authorize(p, 'create', 'configuration');
      return lists.importCities(p, await multipartFile(req, 'CSV'));
    },
  });
  for (const [kind, spec] of Object.entries(importableLists))
    app.post(`/api/v1/${kind}/import`, {
      schema: {
        tags: ['Lists of values'],
        summary: `Import ${kind.replace(/-/g, ' ')} from a CSV file (multipart field "file"; header ${Object.keys(spec.columns).join(',')}; a value named as one stored updates it)`,
        consumes: ['multipart/form-data'],
        response: { 200: ListImportResult },
      },
      handler: async (req) => {
        const p = requirePrincipal(req);
        authorize(p, 'create', 'configuration');
        return lists.importValues(p, kind, await multipartFile(req, 'CSV'));
      },
    });
  for (const service of lists.records) recordRoutes(app, service);
}
