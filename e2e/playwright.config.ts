import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ADMIN, BASE_URL, PORT, RU_BASE_URL, RU_PORT } from './constants';

const dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-e2e-'));
const ruDataDir = mkdtempSync(path.join(tmpdir(), 'leadline-e2e-ru-'));

export default defineConfig({
  testDir: './specs',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  outputDir: '../test-results',
  use: {
    baseURL: BASE_URL,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: 'node scripts/start.mjs',
      cwd: '..',
      url: `${BASE_URL}/readyz`,
      timeout: 300_000,
      // E2E_REUSE=1 runs against a server already started with the same settings (faster while iterating).
      reuseExistingServer: process.env.E2E_REUSE === '1',
      stdout: 'ignore',
      env: {
        PORT: String(PORT),
        HOST: '127.0.0.1',
        LEADLINE_DATA_DIR: dataDir,
        LEADLINE_ADMIN_EMAIL: ADMIN.email,
        LEADLINE_ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'warn',
      },
    },
    {
      // The same build once more, as an organisation created with LEADLINE_LOCALE=ru.
      command: 'node scripts/start.mjs',
      cwd: '..',
      url: `${RU_BASE_URL}/readyz`,
      timeout: 300_000,
      reuseExistingServer: process.env.E2E_REUSE === '1',
      stdout: 'ignore',
      env: {
        PORT: String(RU_PORT),
        HOST: '127.0.0.1',
        LEADLINE_DATA_DIR: ruDataDir,
        LEADLINE_ADMIN_EMAIL: ADMIN.email,
        LEADLINE_ADMIN_PASSWORD: ADMIN.password,
        LEADLINE_LOCALE: 'ru',
        // The first server has just built the web interface.
        LEADLINE_SKIP_WEB_BUILD: '1',
        LOG_LEVEL: 'warn',
      },
    },
  ],
});
