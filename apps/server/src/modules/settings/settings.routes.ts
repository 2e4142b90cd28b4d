import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Settings, SettingsPatch } from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { ifMatchVersion } from '../../http/versioning';
import type { SettingsService } from './settings.service';

export function settingsRoutes(app: FastifyInstance, settings: SettingsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Settings'];
  r.get('/api/v1/settings', {
    schema: { tags, summary: 'The settings of this installation', response: { 200: Settings } },
    handler: (req) => settings.get(requirePrincipal(req)),
  });
  r.patch('/api/v1/settings', {
    schema: {
      tags,
      summary: 'Change settings (crm_admin); If-Match: version',
      body: SettingsPatch,
      response: { 200: Settings },
    },
    handler: (req) => settings.update(requirePrincipal(req), req.body, ifMatchVersion(req)),
  });
}
