import type { CompanyEnrichment } from '@leadline/contract';

/** Where a provider is reached; the organisation's settings give them. */
export interface ProviderSettings {
  baseUrl: string;
  apiKey: string;
}

/** A company register: a party found by its TIN or by an e-mail address, null when it knows none. */
export interface EnrichmentProvider {
  byTin(s: ProviderSettings, tin: string, signal: AbortSignal): Promise<CompanyEnrichment | null>;
  byEmail(s: ProviderSettings, email: string, signal: AbortSignal): Promise<CompanyEnrichment | null>;
}

interface DadataAddress {
  value?: string | null;
  data?: {
    postal_code?: string | null;
    city?: string | null;
    settlement?: string | null;
    region_with_type?: string | null;
    country?: string | null;
  } | null;
}
interface DadataParty {
  inn?: string | null;
  name?: { short_with_opf?: string | null; full_with_opf?: string | null; short?: string | null } | null;
  opf?: { short?: string | null; full?: string | null } | null;
  address?: DadataAddress | null;
  okved?: string | null;
  state?: { status?: string | null } | null;
}
interface DadataSuggestion {
  value?: string;
  data?: DadataParty & { company?: DadataParty | null };
}

const gone = new Set(['LIQUIDATED', 'LIQUIDATING', 'BANKRUPT']);

/** One DaData party as Leadline keeps a company. */
export function partyOf(s: DadataSuggestion | undefined): CompanyEnrichment | null {
  const d = s?.data?.company ?? s?.data;
  if (!s || !d) return null;
  const name = d.name?.short_with_opf ?? d.name?.full_with_opf ?? s.value ?? null;
  if (!name) return null;
  const a = d.address;
  const street = a?.value ?? null;
  return {
    name,
    tin: d.inn ?? null,
    legalForm: d.opf?.short ?? d.opf?.full ?? null,
    address: {
      street,
      postalCode: a?.data?.postal_code ?? null,
      city: a?.data?.city ?? a?.data?.settlement ?? null,
      region: a?.data?.region_with_type ?? null,
      country: a?.data?.country ?? null,
    },
    industryCode: d.okved ?? null,
    status: d.state?.status && gone.has(d.state.status) ? 'liquidated' : 'active',
  };
}

async function ask(s: ProviderSettings, path: string, query: string, signal: AbortSignal) {
  const res = await fetch(`${s.baseUrl.replace(/\/+$/, '')}/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Token ${s.apiKey}`,
    },
    body: JSON.stringify({ query }),
    signal,
  });
  if (!res.ok) throw new Error(`the register answered ${res.status}`);
  const body = (await res.json()) as { suggestions?: DadataSuggestion[] };
  return partyOf(body.suggestions?.[0]);
}

/** DaData: "find party by INN" and "find company by e-mail". */
export const dadata: EnrichmentProvider = {
  byTin: (s, tin, signal) => ask(s, 'findById/party', tin, signal),
  byEmail: (s, email, signal) => ask(s, 'findByEmail/company', email, signal),
};

export const providers: Record<'dadata', EnrichmentProvider> = { dadata };
