import type { Database } from '../../db/client';
import { createRecordService } from '../lists';
import {
  partnershipAgreementSpec,
  partnershipProgramSpec,
  productSpec,
  salesDirectionSpec,
} from './catalog.specs';

/** Products and services, sales directions, partnership programs and agreements (crm_admin writes). */
export function createCatalogService({ db }: { db: Database }) {
  return {
    records: [productSpec, salesDirectionSpec, partnershipProgramSpec, partnershipAgreementSpec].map((spec) =>
      createRecordService(spec, db),
    ),
  };
}
export type CatalogService = ReturnType<typeof createCatalogService>;
