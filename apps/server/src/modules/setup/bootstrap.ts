import type { Database } from '../../db/client';
import { hashPassword } from '../../lib/passwords';
import { randomToken } from '../../lib/tokens';
import type { Locale } from '@leadline/contract';
import { administratorName, localizeDefaultConfiguration } from './default-configuration';

/**
 * On an empty database: the first administrator. The default configuration (statuses, sources, codes...)
 * comes with the migrations that create those tables, in English; it is put in the organisation's language
 * here. Returns the generated password when one was made.
 */
export async function bootstrap(
  db: Database,
  opts: { adminEmail: string; adminPassword?: string; locale?: Locale },
) {
  const [{ n }] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM users WHERE NOT is_integration',
  );
  if (n > 0) return { createdAdmin: false as const };
  const password = opts.adminPassword ?? randomToken(12);
  const hash = await hashPassword(password);
  const locale = opts.locale ?? 'en';
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO users (email, name, password_hash, roles) VALUES ($1, $2, $3, '{crm_admin}')
       ON CONFLICT DO NOTHING`,
      [opts.adminEmail, administratorName[locale], hash],
    );
    await localizeDefaultConfiguration(tx, locale);
  });
  return {
    createdAdmin: true as const,
    email: opts.adminEmail,
    generatedPassword: opts.adminPassword ? undefined : password,
  };
}
