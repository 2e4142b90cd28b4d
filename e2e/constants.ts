export const PORT = Number(process.env.E2E_PORT ?? 3210);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
export const ADMIN = { email: 'admin@e2e.test', password: 'e2e-admin-password' };
/** A second Leadline, created with LEADLINE_LOCALE=ru: a Russian-speaking organisation. */
export const RU_PORT = Number(process.env.E2E_RU_PORT ?? PORT + 1);
export const RU_BASE_URL = `http://127.0.0.1:${RU_PORT}`;
