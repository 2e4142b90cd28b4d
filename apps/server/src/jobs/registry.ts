import type { Database } from '../db/client';
import { purgeIdempotencyKeys } from '../http/idempotency';
import { createAuthRepository } from '../modules/auth/auth.repository';
import type { JobDefinition } from './queue';

/** Every job the workers run; a module adds its definitions here. */
export function jobDefinitions({ db }: { db: Database }): JobDefinition[] {
  return [
    {
      name: 'housekeeping',
      handler: async () => {
        await purgeIdempotencyKeys(db);
        await createAuthRepository(db).purgeOldFailures();
      },
    },
  ];
}
