import type { CompanyEnrichment, Settings } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { createBreaker, type Breaker } from './breaker';
import { providers } from './provider';

/** How long a save waits for the register, and when the breaker opens and tries again. */
export interface EnrichmentOptions {
  timeoutMs: number;
  breakerFailures: number;
  breakerCoolDownMs: number;
}

let options: EnrichmentOptions = { timeoutMs: 1500, breakerFailures: 3, breakerCoolDownMs: 30_000 };
/** One breaker per register address, for the whole process. */
const breakers = new Map<string, Breaker>();

export function configureEnrichment(o: EnrichmentOptions) {
  options = o;
  breakers.clear();
}

function breakerFor(baseUrl: string) {
  let b = breakers.get(baseUrl);
  if (!b) {
    b = createBreaker({ failures: options.breakerFailures, coolDownMs: options.breakerCoolDownMs });
    breakers.set(baseUrl, b);
  }
  return b;
}

export type EnrichmentKey = { tin: string } | { email: string };

/**
 * The register's company for a TIN or e-mail: from the cache first, else from the provider within the
 * timeout, while the breaker is closed. Answers undefined when enrichment is off or the register could
 * not answer (the caller goes on without it), null when the register knows no such company.
 */
export async function lookUpCompany(
  q: Queryable,
  settings: Settings,
  key: EnrichmentKey,
): Promise<CompanyEnrichment | null | undefined> {
  const e = settings.enrichment;
  if (!e.enabled || !e.apiKey) return undefined;
  if ('email' in key && !e.companyByEmail) return undefined;
  const cacheKey = 'tin' in key ? `tin:${key.tin}` : `email:${key.email.toLowerCase()}`;
  const [cached] = await q.query<{ result: CompanyEnrichment | null }>(
    'SELECT result FROM company_enrichment_cache WHERE query_key = $1',
    [cacheKey],
  );
  if (cached) return cached.result;
  const breaker = breakerFor(e.baseUrl);
  if (!breaker.allow()) return undefined;
  const provider = providers[e.provider];
  let found: CompanyEnrichment | null;
  try {
    const signal = AbortSignal.timeout(options.timeoutMs);
    found =
      'tin' in key ? await provider.byTin(e, key.tin, signal) : await provider.byEmail(e, key.email, signal);
    breaker.succeeded();
  } catch {
    breaker.failed();
    return undefined;
  }
  await q.query(
    `INSERT INTO company_enrichment_cache (query_key, result) VALUES ($1, $2::jsonb)
       ON CONFLICT (query_key) DO UPDATE SET result = EXCLUDED.result, fetched_at = now()`,
    [cacheKey, JSON.stringify(found)],
  );
  return found;
}
