import path from 'node:path';
import { z } from 'zod';

const Env = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().optional(),
  LEADLINE_DATA_DIR: z.string().default('./data'),
  LEADLINE_ADMIN_EMAIL: z.string().email().default('admin@localhost'),
  LEADLINE_ADMIN_PASSWORD: z.string().min(10).optional(),
  LEADLINE_DEMO: z.enum(['0', '1', 'true', 'false']).default('0'),
  LEADLINE_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  LEADLINE_TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).default('0'),
  LEADLINE_BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  LEADLINE_JOBS: z.enum(['0', '1', 'true', 'false']).default('1'),
  LEADLINE_WEB_DIR: z.string().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Leadline <leadline@localhost>'),
  LEADLINE_METRICS_TOKEN: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  trustProxy: boolean;
  bodyLimit: number;
  jobs: boolean;
  webDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  /** A bearer secret that reads GET /metrics without a user (a Prometheus scraper). */
  metricsToken: string | undefined;
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
    trustProxy: on(e.LEADLINE_TRUST_PROXY),
    bodyLimit: e.LEADLINE_BODY_LIMIT,
    jobs: on(e.LEADLINE_JOBS),
    webDir: path.resolve(e.LEADLINE_WEB_DIR ?? new URL('../../web/dist', import.meta.url).pathname),
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.LEADLINE_METRICS_TOKEN || undefined,
  };
}
