import { defineConfig } from 'vitest/config';

/**
 * The integration suite runs once on the embedded PGlite and, when TEST_DATABASE_URL is set, once more on
 * PostgreSQL. Each test file gets its own fresh database (PGlite) or schema (PostgreSQL).
 */
const base = {
  include: [
    'apps/server/src/**/*.test.ts',
    'packages/contract/src/**/*.test.ts',
    'apps/web/src/**/*.test.ts',
  ],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  globalSetup: ['apps/server/src/test/global-setup.ts'],
};

export default defineConfig({
  test: {
    pool: 'forks',
    // A fork runs its files one after another in one module graph: the server's modules are loaded once a
    // fork, not once a file (most of a small file's time). Each file still has its own app and database.
    poolOptions: { forks: { maxForks: 2, minForks: 1, isolate: false } },
    projects: [
      { test: { ...base, name: 'pglite', env: { LEADLINE_TEST_DB: 'pglite' } } },
      ...(process.env.TEST_DATABASE_URL
        ? [{ test: { ...base, name: 'postgres', env: { LEADLINE_TEST_DB: 'postgres' } } }]
        : []),
    ],
  },
});
