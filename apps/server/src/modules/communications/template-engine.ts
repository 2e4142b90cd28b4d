import { convert } from 'html-to-text';
import { Liquid, type Template as LiquidTemplate } from 'liquidjs';
import {
  smsSegments,
  templateVariables,
  type Channel,
  type FieldError,
  type RenderedMessage,
} from '@leadline/contract';
import { AppError, fieldError } from '../../http/errors';

/**
 * Templates are written by users, so the engine reaches nothing but the values it is given: own
 * properties only (no prototype, no constructor), no file system (include, render and layout find no
 * file), and limits on parsing, rendering time and memory, so that a loop over a huge range stops.
 */
const limits = {
  ownPropertyOnly: true,
  templates: {},
  strictFilters: true,
  cache: false,
  parseLimit: 200_000,
  renderLimit: 300,
  memoryLimit: 5_000_000,
} as const;
const htmlEngine = new Liquid({ ...limits, outputEscape: 'escape' });
const textEngine = new Liquid(limits);

export type TemplateValues = Record<keyof typeof templateVariables, Record<string, string | null>>;

function parse(engine: Liquid, field: string, source: string): LiquidTemplate[] | FieldError {
  try {
    return engine.parse(source);
  } catch (err) {
    return fieldError(field, 'template_syntax', (err as Error).message.slice(0, 300));
  }
}

/**
 * Every fault of a template's part, each named with its position: a syntax error, or each variable that
 * is not one of templateVariables (`lead.nmae` at line 2, column 5). Loop and assigned variables are the
 * template's own and pass.
 */
export function checkTemplatePart(field: string, source: string): FieldError[] {
  const parsed = parse(textEngine, field, source);
  if (!Array.isArray(parsed)) return [parsed];
  let globals: Record<string, { segments: unknown[]; location: { row: number; col: number } }[]>;
  try {
    globals = textEngine.analyzeSync(parsed, { partials: false }).globals;
  } catch (err) {
    return [fieldError(field, 'template_syntax', (err as Error).message.slice(0, 300))];
  }
  const errors: FieldError[] = [];
  for (const uses of Object.values(globals)) {
    for (const v of uses) {
      const [root, prop] = v.segments;
      const known = templateVariables[root as keyof typeof templateVariables] as
        readonly string[] | undefined;
      const ok =
        known !== undefined && (prop === undefined || (typeof prop === 'string' && known.includes(prop)));
      if (ok) continue;
      const name = v.segments.filter((s) => typeof s === 'string' || typeof s === 'number').join('.');
      errors.push(
        fieldError(
          field,
          'unknown_variable',
          `unknown variable "${name}" at line ${v.location.row}, column ${v.location.col}`,
        ),
      );
    }
  }
  return errors;
}

/** Parsed templates by engine and source: a rule sending one template to many leads parses it once. */
const parsed = new Map<Liquid, Map<string, LiquidTemplate[]>>();
const PARSED_KEPT = 200;

function parsedOf(engine: Liquid, source: string): LiquidTemplate[] {
  let kept = parsed.get(engine);
  if (!kept) parsed.set(engine, (kept = new Map()));
  let templates = kept.get(source);
  if (!templates) {
    templates = engine.parse(source);
    if (kept.size >= PARSED_KEPT) kept.clear();
    kept.set(source, templates);
  }
  return templates;
}

async function render(engine: Liquid, source: string, values: TemplateValues): Promise<string> {
  try {
    return (await engine.render(parsedOf(engine, source), values)) as string;
  } catch (err) {
    const message = (err as Error).message;
    const limit = /limit exceeded/i.test(message);
    throw new AppError(
      'template_render_failed',
      422,
      limit
        ? 'The template needs more time or memory than a message may take (a loop too long?).'
        : 'The template could not be rendered.',
      [fieldError('body', limit ? 'template_limit' : 'template_error', message.slice(0, 300))],
    );
  }
}

/** The message a template makes for the given values: HTML with a plain-text part, or an SMS text. */
export async function renderMessage(
  t: { channel: Channel; subject: string | null; body: string },
  values: TemplateValues,
): Promise<RenderedMessage> {
  if (t.channel === 'sms') {
    const text = (await render(textEngine, t.body, values)).trim();
    const { segments, encoding } = smsSegments(text);
    return { channel: 'sms', subject: null, html: null, text, segments, encoding };
  }
  const subject = (await render(textEngine, t.subject ?? '', values)).replace(/\s+/g, ' ').trim();
  const html = await render(htmlEngine, t.body, values);
  const text = convert(html, { wordwrap: 100, selectors: [{ selector: 'img', format: 'skip' }] });
  return { channel: 'email', subject, html, text, segments: null, encoding: null };
}
