import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** proxy-addr's names for address ranges, accepted beside addresses and CIDRs. */
const proxyRangeNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (proxyRangeNames.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || isIP(address) === 0) return false;
  if (bits === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

/**
 * Which proxies may tell the client's address (X-Forwarded-For): none, or a list of addresses and
 * CIDRs. Trusting every sender would let anyone choose the address the sign-in limits count against.
 */
const TrustProxy = z
  .string()
  .default('0')
  .transform((v) => v.trim())
  .refine((v) => v !== '1' && v !== 'true', {
    message:
      'trusting every proxy lets any client choose its own address; give the addresses or CIDRs of your ' +
      'proxies instead, e.g. LEADLINE_TRUST_PROXY=127.0.0.1 or 10.0.0.0/8,192.168.1.5 (0 = none)',
  })
  .transform((v) =>
    v === '0' || v === 'false' || v === ''
      ? []
      : v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
  )
  .refine((list) => list.every(isProxyAddress), {
    message: 'must be 0 or a comma-separated list of IP addresses, CIDRs, loopback, linklocal or uniquelocal',
  });

const Env = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().optional(),
  LEADLINE_DATA_DIR: z.string().default('./data'),
  LEADLINE_ADMIN_EMAIL: z.string().email().default('admin@localhost'),
  LEADLINE_ADMIN_PASSWORD: z.string().min(10).optional(),
  LEADLINE_DEMO: z.enum(['0', '1', 'true', 'false']).default('0'),
  LEADLINE_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  LEADLINE_TRUST_PROXY: TrustProxy,
  LEADLINE_BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  LEADLINE_JOBS: z.enum(['0', '1', 'true', 'false']).default('1'),
  LEADLINE_WEB_DIR: z.string().optional(),
  SMTP_URL: z.string().optional(),
  LEADLINE_SESSION_IDLE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 14)
    .default(12),
  LEADLINE_RATE_LIMIT: z.coerce.number().int().min(10).default(3000),
  LEADLINE_RATE_LIMIT_ANONYMOUS: z.coerce.number().int().min(10).default(600),
  /** `database`: the request counters are kept in PostgreSQL, shared by several web processes. */
  LEADLINE_RATE_LIMIT_STORE: z.enum(['memory', 'database']).default('memory'),
  LEADLINE_CHECK_RESPONSES: z.enum(['0', '1', 'true', 'false']).default('0'),
  MAIL_FROM: z.string().default('Leadline <leadline@localhost>'),
  SMS_URL: z.url().optional(),
  SMS_AUTHORIZATION: z.string().optional(),
  SMS_FROM: z.string().optional(),
  LEADLINE_LOCALE: z.enum(['en', 'ru']).default('en'),
  LEADLINE_METRICS_TOKEN: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LEADLINE_FORM_RATE_PER_ADDRESS: z.coerce.number().int().min(1).default(10),
  LEADLINE_FORM_RATE_PER_FORM: z.coerce.number().int().min(1).default(300),
  LEADLINE_FORM_MIN_FILL_SECONDS: z.coerce.number().min(0).max(600).default(3),
  LEADLINE_FORM_BODY_LIMIT: z.coerce.number().int().min(1024).max(10_485_760).default(65_536),
  LEADLINE_FORM_POW_COST: z.coerce.number().int().min(1).max(1_000_000).default(5000),
  LEADLINE_FORM_POW_MAX_COUNTER: z.coerce.number().int().min(2).max(10_000_000).default(2_000),
  LEADLINE_IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).default(1_073_741_824),
  LEADLINE_IMPORT_CHUNK_ROWS: z.coerce.number().int().min(1).max(100_000).default(5000),
  LEADLINE_ENRICHMENT_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(1500),
  LEADLINE_ENRICHMENT_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).default(3),
  LEADLINE_ENRICHMENT_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(10).default(30_000),
});

const on = (v: string) => v === '1' || v === 'true';

export interface Config {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  adminEmail: string;
  adminPassword: string | undefined;
  demo: boolean;
  /** 'auto' marks the cookie Secure when the request came over HTTPS (directly or via a trusted proxy). */
  secureCookies: 'auto' | boolean;
  /** The proxies whose X-Forwarded-* headers are believed; empty: none. */
  trustProxy: string[];
  bodyLimit: number;
  jobs: boolean;
  webDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  /** A session unused this long ends, whatever its remaining lifetime. */
  sessionIdleHours: number;
  /** Requests per minute for each signed-in user or API token, and for each address without one. */
  rateLimit: { perPrincipal: number; perAnonymousAddress: number; store: 'memory' | 'database' };
  /** Public form posts: per address and per form, each per minute; time to fill; largest body. */
  forms: {
    ratePerAddress: number;
    ratePerForm: number;
    minFillSeconds: number;
    bodyLimit: number;
    /** The proof of work of a browser post: PBKDF2 iterations per attempt, and the most attempts asked. */
    powCost: number;
    powMaxCounter: number;
  };
  /** Lead imports: the largest file (413 beyond), rows per committed chunk; files wait in dataDir/imports. */
  imports: { maxBytes: number; chunkRows: number };
  /** The HTTP endpoint SMS are posted to (Twilio-compatible); unset = no SMS. */
  smsUrl: string | undefined;
  smsAuthorization: string | undefined;
  smsFrom: string | undefined;
  /** The language of the default configuration created on the first start, and of the organisation. */
  locale: 'en' | 'ru';
  /** The company register: how long a save waits for it, and its circuit breaker. */
  enrichment: { timeoutMs: number; breakerFailures: number; breakerCoolDownMs: number };
  /** A bearer secret that reads GET /metrics without a user (a Prometheus scraper). */
  metricsToken: string | undefined;
  /** Every response is also parsed by its zod schema and compared with what was written (the tests). */
  checkResponses: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: path.resolve(e.LEADLINE_DATA_DIR),
    adminEmail: e.LEADLINE_ADMIN_EMAIL.toLowerCase(),
    adminPassword: e.LEADLINE_ADMIN_PASSWORD,
    demo: on(e.LEADLINE_DEMO),
    secureCookies: e.LEADLINE_SECURE_COOKIES === 'auto' ? 'auto' : e.LEADLINE_SECURE_COOKIES === 'true',
    trustProxy: e.LEADLINE_TRUST_PROXY,
    bodyLimit: e.LEADLINE_BODY_LIMIT,
    jobs: on(e.LEADLINE_JOBS),
    webDir: path.resolve(e.LEADLINE_WEB_DIR ?? new URL('../../web/dist', import.meta.url).pathname),
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    sessionIdleHours: e.LEADLINE_SESSION_IDLE_HOURS,
    rateLimit: {
      perPrincipal: e.LEADLINE_RATE_LIMIT,
      perAnonymousAddress: e.LEADLINE_RATE_LIMIT_ANONYMOUS,
      store: e.LEADLINE_RATE_LIMIT_STORE,
    },
    checkResponses: on(e.LEADLINE_CHECK_RESPONSES),
    forms: {
      ratePerAddress: e.LEADLINE_FORM_RATE_PER_ADDRESS,
      ratePerForm: e.LEADLINE_FORM_RATE_PER_FORM,
      minFillSeconds: e.LEADLINE_FORM_MIN_FILL_SECONDS,
      bodyLimit: e.LEADLINE_FORM_BODY_LIMIT,
      powCost: e.LEADLINE_FORM_POW_COST,
      powMaxCounter: e.LEADLINE_FORM_POW_MAX_COUNTER,
    },
    imports: { maxBytes: e.LEADLINE_IMPORT_MAX_BYTES, chunkRows: e.LEADLINE_IMPORT_CHUNK_ROWS },
    smsUrl: e.SMS_URL || undefined,
    smsAuthorization: e.SMS_AUTHORIZATION || undefined,
    smsFrom: e.SMS_FROM || undefined,
    locale: e.LEADLINE_LOCALE,
    metricsToken: e.LEADLINE_METRICS_TOKEN || undefined,
    enrichment: {
      timeoutMs: e.LEADLINE_ENRICHMENT_TIMEOUT_MS,
      breakerFailures: e.LEADLINE_ENRICHMENT_BREAKER_FAILURES,
      breakerCoolDownMs: e.LEADLINE_ENRICHMENT_BREAKER_COOLDOWN_MS,
    },
  };
}
