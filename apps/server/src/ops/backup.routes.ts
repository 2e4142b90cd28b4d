import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { forbidden } from '../http/errors';
import { requirePrincipal } from '../http/auth';
import { isAdmin } from '../modules/access/policy';
import { fileStoreOf } from '../modules/attachments/store-of-config';
import { writeBackup } from './backup';

/**
 * `GET /api/v1/admin/backup`: a backup of the running Leadline as a tar file, for administrators'
 * sessions and tokens. This is the online path on PGlite, whose data directory only the server may open;
 * `npm run backup` calls it when the server is running.
 */
export function backupRoutes(app: FastifyInstance, deps: { db: Database; config: Config }) {
  app.get(
    '/api/v1/admin/backup',
    { schema: { tags: ['Operations'], summary: 'A backup of the database and the attachments (tar).' } },
    async (req, reply) => {
      if (!isAdmin(requirePrincipal(req))) throw forbidden('Only an administrator takes backups.');
      const out = new PassThrough();
      const name = `leadline-${new Date().toISOString().replace(/[:.]/g, '-')}.tar`;
      writeBackup({
        db: deps.db,
        databaseUrl: deps.config.databaseUrl,
        store: fileStoreOf(deps.config),
        out,
      }).catch((err: Error) => {
        req.log.error({ msg: err.message }, 'backup failed');
        out.destroy(err);
      });
      return reply
        .type('application/x-tar')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(out);
    },
  );
}
