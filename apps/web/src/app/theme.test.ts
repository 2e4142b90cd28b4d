import { describe, expect, it } from 'vitest';
import { contrastRatio, mixColours, readableColour, textColourOn, themeColours } from './theme';

const white = '#ffffff';
const gray2 = '#e9ecef';
/** Mantine's `light` variant: the colour at 10 % over white (12 % leaves a margin). */
const tintOf = (c: string) => mixColours(white, c, 0.12);

describe('theme colours (WCAG 2.1 AA, 4.5:1 for normal text)', () => {
  for (const [name, palette] of Object.entries(themeColours)) {
    it(`${name} 6 reads on white, on gray 2 and on its light tint; white reads on it`, () => {
      const c = palette[6];
      expect(contrastRatio(c, white)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(c, gray2)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(c, tintOf(c))).toBeGreaterThanOrEqual(4.5);
      // Hover shades are darker still, so white text on a hovered filled button reads too.
      for (const shade of [7, 8, 9] as const)
        expect(contrastRatio(palette[shade], white)).toBeGreaterThan(4.5);
    });
  }

  it('the header: white on dark 8 and dark 6, the gray 5 placeholder on dark 6', () => {
    expect(contrastRatio(white, '#1f1f1f')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(white, '#2e2e2e')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(themeColours.gray![5], '#2e2e2e')).toBeGreaterThanOrEqual(4.5);
  });

  it('darkens a light status colour until its text reads, and keeps a dark one', () => {
    for (const c of ['#fab005', '#40c057', '#15aabf', '#868e96', '#ffff00', '#fff']) {
      const r = readableColour(c);
      expect(contrastRatio(r, white)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(r, tintOf(r))).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(r, mixColours(gray2, r, 0.12))).toBeGreaterThanOrEqual(4.5);
    }
    expect(readableColour('#1a1b1e')).toBe('#1a1b1e');
    expect(readableColour('indigo')).toBe('indigo');
  });

  it('picks black text on light colours and white on dark ones', () => {
    expect(textColourOn('#fab005')).toBe('#000000');
    expect(textColourOn('#1a6aaf')).toBe('#ffffff');
    for (const c of ['#fab005', '#40c057', '#228be6', '#7950f2', '#fa5252', '#868e96'])
      expect(contrastRatio(textColourOn(c), c)).toBeGreaterThanOrEqual(4.5);
  });
});
