import type { Role } from '@leadline/contract';

/** Who is making a request: a signed-in person or an API token acting as its integration user. */
export interface Principal {
  userId: string;
  name: string;
  email: string | null;
  roles: Role[];
  unitIds: string[];
  partnerCompanyId: string | null;
  via: 'session' | 'token';
  sessionHash?: string;
  csrfToken?: string;
  tokenId?: string;
}
