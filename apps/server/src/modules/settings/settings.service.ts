import {
  defaultAttachmentMaxBytes,
  qualificationFields,
  type FieldError,
  type Settings,
  type SettingsPatch,
} from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { fieldError, invalid } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { memoTransaction } from '../../lib/memo';
import { createSettingsRepository } from './settings.repository';
import { authorize } from '../access/policy';
import type { Principal } from '../access/principal';

type StoredSettings = Omit<Settings, 'version'>;

const defaults: Omit<
  StoredSettings,
  'defaultNewStatusId' | 'defaultWonStatusId' | 'defaultLostStatusId' | 'defaultDroppedStatusId'
> = {
  visibility: 'all',
  defaultPhoneRegion: 'RU',
  defaultCurrency: 'EUR',
  locale: 'en',
  timeZone: 'UTC',
  qualificationRequiredFields: [...qualificationFields, 'ownerId'],
  enrichment: {
    enabled: false,
    provider: 'dadata',
    baseUrl: 'https://suggestions.dadata.ru/suggestions/api/4_1/rs',
    apiKey: '',
    companyByEmail: false,
  },
  webhooksAllowPrivateNetworks: false,
  attachmentMaxBytes: defaultAttachmentMaxBytes,
  duplicateThreshold: 4,
};

const statusPhases = {
  defaultNewStatusId: ['new'],
  defaultWonStatusId: ['won'],
  defaultLostStatusId: ['lost'],
  defaultDroppedStatusId: ['dropped'],
} as const;

/** Reads the settings with their defaults; usable inside a transaction by passing `tx`. */
export async function readSettings(q: Queryable): Promise<Settings> {
  return settingsOf(await createSettingsRepository(q).pairs());
}

/** The settings from their stored key/value pairs, completed with the defaults. */
export function settingsOf(pairs: Record<string, unknown>): Settings {
  const stored = pairs as Partial<StoredSettings> & { version?: number };
  return {
    ...defaults,
    ...stored,
    enrichment: { ...defaults.enrichment, ...(stored.enrichment ?? {}) },
    version: stored.version ?? 1,
  } as Settings;
}

/** How the settings learn a status's phase: given by the pipeline module, which itself reads the settings. */
export type StatusLookup = (
  q: Queryable,
  id: string,
) => Promise<{ phase: string; active: boolean } | undefined>;

export function createSettingsService({ db, statusOf }: { db: Database; statusOf: StatusLookup }) {
  const present = (s: Settings): Settings => ({
    ...s,
    enrichment: { ...s.enrichment, apiKey: s.enrichment.apiKey ? '***' : '' },
  });
  return {
    async get(p: Principal) {
      authorize(p, 'read', 'settings');
      return present(await readSettings(db));
    },
    async update(p: Principal, patch: SettingsPatch, version: number | undefined) {
      authorize(p, 'update', 'settings');
      // The settings are kept between requests: the change empties the memo.
      return memoTransaction(db)(async (tx) => {
        const repo = createSettingsRepository(tx);
        await repo.lock();
        const current = await readSettings(tx);
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        const errors: FieldError[] = [];
        for (const key of Object.keys(statusPhases) as (keyof typeof statusPhases)[]) {
          const id = patch[key];
          if (!id) continue;
          const row = await statusOf(tx, id);
          if (!row) errors.push(fieldError(key, 'not_found', 'no such status'));
          else if (!(statusPhases[key] as readonly string[]).includes(row.phase)) {
            errors.push(
              fieldError(key, 'wrong_phase', `must be a status of the ${statusPhases[key][0]} phase`),
            );
          } else if (!row.active) errors.push(fieldError(key, 'inactive', 'must be an active status'));
        }
        if (errors.length) throw invalid(errors);
        const next: Record<string, unknown> = { ...patch };
        if (patch.enrichment) next.enrichment = { ...current.enrichment, ...patch.enrichment };
        if (patch.qualificationRequiredFields)
          next.qualificationRequiredFields = [...new Set(patch.qualificationRequiredFields)];
        next.version = current.version + 1;
        for (const [key, value] of Object.entries(next)) await repo.put(key, value);
        return present(await readSettings(tx));
      });
    },
  };
}
export type SettingsService = ReturnType<typeof createSettingsService>;
