import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, testDbKind, type TestApp } from '../../test/harness';
import { DEMO_PASSWORD, loadDemo } from './demo';

// The demo goes through the whole API; once on the embedded database is enough to prove it loads.
describe.runIf(testDbKind() === 'pglite')('demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it(
    'fills every phase of the pipeline with leads and gives each role a user to sign in with',
    { timeout: 240_000 },
    async () => {
      expect(await loadDemo(t.app, t.db, t.rt.log)).toBe(true);
      const phases = await t.db.query<{ phase: string; n: number }>(
        'SELECT phase, count(*)::int AS n FROM leads GROUP BY phase',
      );
      const byPhase = Object.fromEntries(phases.map((r) => [r.phase, r.n]));
      for (const phase of ['new', 'in_progress', 'won', 'lost', 'dropped'])
        expect(byPhase[phase] ?? 0).toBeGreaterThan(0);
      expect(phases.reduce((s, r) => s + r.n, 0)).toBeGreaterThanOrEqual(250);
      const [{ n: opportunities }] = await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM opportunities',
      );
      expect(opportunities).toBeGreaterThan(0);
      for (const email of [
        'manager@demo.leadline',
        'sam@demo.leadline',
        'mark@demo.leadline',
        'paula@partner.demo',
      ]) {
        await expect(signIn(t.app, email, DEMO_PASSWORD)).resolves.toBeTruthy();
      }
      // A second start on the same data adds nothing.
      expect(await loadDemo(t.app, t.db, t.rt.log)).toBe(false);
    },
  );
});
