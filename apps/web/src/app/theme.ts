import {
  ActionIcon,
  type CSSVariablesResolver,
  type MantineColorsTuple,
  Badge,
  Button,
  Checkbox,
  type CloseButtonProps,
  type ColorInputProps,
  createTheme,
  Menu,
  type ModalProps,
  MultiSelect,
  type NotificationProps,
  NumberInput,
  Paper,
  PasswordInput,
  Select,
  Switch,
  Table,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { i18n } from '../i18n/i18n';

/*
 * The colours of the interface, all in this one place.
 *
 * Mantine draws filled buttons (white text), light badges and outlines, links and the `dimmed` text with
 * shade 6 of a palette. Mantine's own shade 6 is too light to read for most colours (gray 3.3:1, red 3.3:1,
 * yellow 2.0:1 on white), so each palette below keeps Mantine's shades 0-5 and carries a darker shade 6 (and
 * 7-9 darker still, for hover), chosen so that shade 6 reaches at least 4.5:1 (WCAG 2.1 AA, normal text)
 * against white, against gray 2 (#e9ecef, the darkest surface text sits on) and against its own light tint
 * (Mantine's `light` variant background: the colour at 10 % over white). Contrast ratios of shade 6:
 *
 *   colour   shade 6   on white  on gray 2  on its light tint
 *   gray     #60666c   5.81      4.90       5.09   <- dimmed text and placeholders
 *   red      #b43b3b   5.79      4.88       4.98   <- errors, destructive actions
 *   pink     #b33964   5.70      4.80       4.91
 *   grape    #983caf   5.83      4.92       5.06
 *   violet   #6f4adf   5.64      4.76       4.91
 *   indigo   #405cce   5.77      4.87       5.03   <- the accent: primary buttons, links, active navigation
 *   blue     #1a6aaf   5.64      4.75       4.90
 *   cyan     #0e707e   5.77      4.87       5.02
 *   teal     #0b7253   5.92      4.99       5.14
 *   green    #267334   5.86      4.94       5.09
 *   lime     #497111   5.75      4.85       5.02
 *   yellow   #875f03   5.72      4.83       4.99
 *   orange   #a2510d   5.65      4.76       4.92
 *
 * Dark surfaces: the header is dark 8 (#1f1f1f) with white text (16.5:1); its search field is dark 6
 * (#2e2e2e) with white text (13.6:1) and a gray 5 placeholder (#adb5bd, 6.5:1).
 * Status colours are chosen by administrators: `readableColour` darkens one until its text reads, and
 * `textColourOn` picks black or white text on it. theme.test.ts checks every figure above.
 */
// prettier-ignore
const palettes: Record<string, MantineColorsTuple> = {
  gray: ['#f8f9fa', '#f1f3f5', '#e9ecef', '#dee2e6', '#ced4da', '#adb5bd', '#60666c', '#495057', '#343a40', '#212529'],
  red: ['#fff5f5', '#ffe3e3', '#ffc9c9', '#ffa8a8', '#ff8787', '#ff6b6b', '#b43b3b', '#9e3434', '#8b2e2e', '#7a2828'],
  pink: ['#fff0f6', '#ffdeeb', '#fcc2d7', '#faa2c1', '#f783ac', '#f06595', '#b33964', '#9e3258', '#8b2c4d', '#7a2744'],
  grape: ['#f8f0fc', '#f3d9fa', '#eebefa', '#e599f7', '#da77f2', '#cc5de8', '#983caf', '#86359a', '#762f88', '#682978'],
  violet: ['#f3f0ff', '#e5dbff', '#d0bfff', '#b197fc', '#9775fa', '#845ef7', '#6f4adf', '#6241c4', '#5639ac', '#4c3297'],
  indigo: ['#edf2ff', '#dbe4ff', '#bac8ff', '#91a7ff', '#748ffc', '#5c7cfa', '#405cce', '#3851b5', '#31479f', '#2b3e8c'],
  blue: ['#e7f5ff', '#d0ebff', '#a5d8ff', '#74c0fc', '#4dabf7', '#339af0', '#1a6aaf', '#175d9a', '#145288', '#124878'],
  cyan: ['#e3fafc', '#c5f6fa', '#99e9f2', '#66d9e8', '#3bc9db', '#22b8cf', '#0e707e', '#0c636f', '#0b5762', '#0a4d56'],
  teal: ['#e6fcf5', '#c3fae8', '#96f2d7', '#63e6be', '#38d9a9', '#20c997', '#0b7253', '#0a6449', '#095840', '#084d38'],
  green: ['#ebfbee', '#d3f9d8', '#b2f2bb', '#8ce99a', '#69db7c', '#51cf66', '#267334', '#21652e', '#1d5928', '#1a4e23'],
  lime: ['#f4fce3', '#e9fac8', '#d8f5a2', '#c0eb75', '#a9e34b', '#94d82d', '#497111', '#40630f', '#38570d', '#314d0b'],
  yellow: ['#fff9db', '#fff3bf', '#ffec99', '#ffe066', '#ffd43b', '#fcc419', '#875f03', '#775403', '#694a03', '#5c4103'],
  orange: ['#fff4e6', '#ffe8cc', '#ffd8a8', '#ffc078', '#ffa94d', '#ff922b', '#a2510d', '#8f470b', '#7e3e0a', '#6f3709'],
};
export const themeColours = palettes;

/** Placeholders read as dimmed text does (the default, gray 5, is 2.1:1 on white). */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-placeholder': 'var(--mantine-color-gray-6)' },
  dark: {},
});

/** The scrolling area of a select's options: in the tab order (see Select below). */
const listScroll = { viewportProps: { tabIndex: 0, role: 'group' } };

const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const toHex = (c: number[]) => '#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
/** `#rgb` or `#rrggbb` as `#rrggbb`; anything else as it is. */
const longHex = (c: string) =>
  /^#[0-9a-f]{3}$/i.test(c) ? '#' + [...c.slice(1)].map((x) => x + x).join('') : c.toLowerCase();
function luminance(hex: string) {
  const [r, g, b] = channels(longHex(hex)).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
/** The WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}
/** `a` mixed with `b` by `t` (0 = a, 1 = b). */
export function mixColours(a: string, b: string, t: number) {
  const [p, q] = [channels(longHex(a)), channels(longHex(b))];
  return toHex(p.map((v, i) => v + (q[i]! - v) * t));
}
const isHex = (c: string) => /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(c);
/**
 * A colour chosen by a user (a status colour), darkened just enough that text in it reads at 4.5:1 on white
 * and on its own light tint (a light badge), even when that tint lies on gray 2 (a selected or hovered row).
 * Not a hex colour: returned as it is.
 */
export function readableColour(colour: string) {
  if (!isHex(colour)) return colour;
  let c = longHex(colour);
  for (let t = 0; t < 1; t += 0.04) {
    c = mixColours(longHex(colour), '#000000', t);
    if (contrastRatio(c, '#ffffff') >= 4.75 && contrastRatio(c, mixColours('#e9ecef', c, 0.12)) >= 4.6) break;
  }
  return c;
}
/** Black or white, whichever reads better on the background `colour`. */
export function textColourOn(colour: string) {
  if (!isHex(colour)) return '#ffffff';
  return contrastRatio(colour, '#ffffff') >= contrastRatio(colour, '#000000') ? '#ffffff' : '#000000';
}

/** A dense business look: small type, compact controls, quiet borders, one accent colour. */
export const theme = createTheme({
  colors: palettes,
  focusRing: 'auto',
  primaryColor: 'indigo',
  primaryShade: 6,
  defaultRadius: 'sm',
  fontFamily: 'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  headings: {
    fontFamily: 'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    fontWeight: '600',
    sizes: {
      h1: { fontSize: '1.5rem', lineHeight: '1.3' },
      h2: { fontSize: '1.25rem', lineHeight: '1.3' },
      h3: { fontSize: '1.0625rem', lineHeight: '1.35' },
      h4: { fontSize: '0.9375rem', lineHeight: '1.4' },
    },
  },
  fontSizes: { xs: '0.75rem', sm: '0.8125rem', md: '0.875rem', lg: '1rem', xl: '1.125rem' },
  spacing: { xs: '0.5rem', sm: '0.75rem', md: '1rem', lg: '1.25rem', xl: '1.75rem' },
  components: {
    Button: Button.extend({ defaultProps: { size: 'xs' } }),
    ActionIcon: ActionIcon.extend({ defaultProps: { variant: 'subtle', color: 'gray' } }),
    TextInput: TextInput.extend({ defaultProps: { size: 'xs' } }),
    PasswordInput: PasswordInput.extend({ defaultProps: { size: 'xs' } }),
    NumberInput: NumberInput.extend({ defaultProps: { size: 'xs' } }),
    Textarea: Textarea.extend({ defaultProps: { size: 'xs' } }),
    // A list opens when clicked or typed into, never merely on focus: a dialog or popover that focuses
    // its first select must not cover the fields below it, nor need Escape twice to close.
    // The list of options scrolls when long (a phone, a short dialog): its scrolling area takes the focus,
    // so the options out of sight are reachable by keyboard too (WCAG 2.1.1, axe scrollable-region-focusable).
    Select: Select.extend({
      defaultProps: {
        size: 'xs',
        openOnFocus: false,
        comboboxProps: { shadow: 'md' },
        scrollAreaProps: listScroll,
      },
    }),
    MultiSelect: MultiSelect.extend({
      defaultProps: {
        size: 'xs',
        openOnFocus: false,
        comboboxProps: { shadow: 'md' },
        scrollAreaProps: listScroll,
      },
    }),
    Checkbox: Checkbox.extend({ defaultProps: { size: 'xs' } }),
    Switch: Switch.extend({ defaultProps: { size: 'xs' } }),
    Badge: Badge.extend({
      defaultProps: { size: 'sm', variant: 'light', radius: 'sm' },
      styles: { label: { textTransform: 'none', fontWeight: 600 } },
    }),
    Table: Table.extend({ defaultProps: { fz: 'sm', verticalSpacing: 6, highlightOnHover: true } }),
    // Dialogs trap the focus and give it back to what opened them (Mantine's defaults, kept on purpose).
    // Props given as a function are read at each render, so the close button's name follows the language.
    Modal: {
      defaultProps: (): Partial<ModalProps> => ({
        centered: true,
        overlayProps: { blur: 2 },
        trapFocus: true,
        returnFocus: true,
        closeButtonProps: { 'aria-label': i18n.t('common:close') },
      }),
    },
    CloseButton: {
      defaultProps: (): CloseButtonProps & { 'aria-label': string } => ({
        'aria-label': i18n.t('common:close'),
      }),
    },
    Notification: {
      defaultProps: (): Partial<NotificationProps> => ({
        closeButtonProps: { 'aria-label': i18n.t('common:close') },
      }),
    },
    ColorInput: {
      defaultProps: (): ColorInputProps => ({
        eyeDropperButtonProps: { 'aria-label': i18n.t('common:pickColour') },
      }),
    },
    // A menu holds only its items: no focus placeholder of its own (axe: aria-required-children).
    Menu: Menu.extend({ defaultProps: { withInitialFocusPlaceholder: false } }),
    Paper: Paper.extend({ defaultProps: { radius: 'md' } }),
    Tooltip: Tooltip.extend({ defaultProps: { openDelay: 300, withArrow: true } }),
  },
});
