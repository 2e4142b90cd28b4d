import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** The rules of WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** What fails an audit: a person using assistive technology is blocked or seriously hindered. */
const failing = new Set(['serious', 'critical']);

/** Runs axe-core on the page as it is now and returns its serious and critical violations, one line each. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    // Accessible names contain the visible label (WCAG 2.5.3): an experimental rule of axe, asked for here.
    // Only violations are read: unique selectors for the passing nodes (most of axe's time) are skipped.
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } }, resultTypes: ['violations'] })
    .withTags(WCAG_AA_TAGS)
    .analyze();
  return results.violations
    .filter((v) => failing.has(v.impact ?? ''))
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${v.id} (${v.impact}): ${v.help} — ${n.target.join(' ')}: ${(n.failureSummary ?? '')
            .replace(/\s+/g, ' ')
            .slice(0, 300)}`,
      ),
    );
}

/**
 * Fails (softly, so that one run lists every screen at fault) when axe-core finds a serious or critical
 * WCAG 2.1 A/AA violation; the message names the screen and lists each rule and element.
 */
export async function expectAccessible(page: Page, label: string) {
  const violations = await accessibilityViolations(page);
  expect.soft(violations, `accessibility violations on ${label}`).toEqual([]);
}
