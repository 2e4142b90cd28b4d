import { listKinds } from '@leadline/contract';
import type { Readable } from 'node:stream';
import type { Database } from '../../db/client';
import { authorize } from '../access/policy';
import type { Principal } from '../access/principal';
import { importCities } from './cities-import';
import { importListValues } from './list-import';
import { createRecordService } from './records';
import { citySpec, leadTypeSpec, listValueSpec, marketingCampaignSpec, tagSpec } from './specs';

/** Lists of values, tags, cities, marketing campaigns and lead types: configuration of the lead form. */
export function createListsService({ db }: { db: Database }) {
  return {
    records: [
      ...listKinds.map((kind) => createRecordService(listValueSpec(kind), db)),
      createRecordService(tagSpec, db),
      createRecordService(citySpec, db),
      createRecordService(marketingCampaignSpec, db),
      createRecordService(leadTypeSpec, db),
    ],
    async importCities(p: Principal, file: Readable) {
      authorize(p, 'create', 'configuration');
      return importCities(db, file);
    },
    /** The values of a list (`kind`: its API path, see importableLists) from a CSV. */
    async importValues(p: Principal, kind: string, file: Readable) {
      authorize(p, 'create', 'configuration');
      return importListValues(db, kind, file);
    },
  };
}
export type ListsService = ReturnType<typeof createListsService>;
