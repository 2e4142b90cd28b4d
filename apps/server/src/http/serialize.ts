import { isDeepStrictEqual } from 'node:util';
import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of what a contract schema sends (its output side), for serialising only: generated
 * from the zod record at start-up, so that every field the contract gains is written out, and fields the
 * contract does not name are left out as zod's parse left them out. Null when the schema reshapes its
 * values on the way out (a transform): such a response keeps zod's own parse.
 */
export function responseJsonSchema(schema: z.ZodType): JsonSchema | null {
  let reshapes = false;
  const json = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'output',
    unrepresentable: 'any',
    cycles: 'ref',
    reused: 'inline',
    override: (ctx) => {
      const type = ctx.zodSchema._zod.def.type;
      if (type === 'transform') reshapes = true;
      // Dates leave as ISO strings, as JSON.stringify writes them.
      if (type === 'date') Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
    },
  }) as JsonSchema;
  if (reshapes) return null;
  return forWriting(json) as JsonSchema;
}

/**
 * Keeps what decides how a value is written (types, properties, items, alternatives and the constants
 * that tell them apart, defaults) and drops the checks (lengths, patterns, ranges, formats other than
 * dates): the data were checked when they came in, and a check here would turn a stored value that an
 * older rule allowed into a failed answer.
 */
const CHECKS = new Set([
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  '$schema',
]);

/** `anyOf: [S, {type: 'null'}]` (zod's nullable) as S with `nullable: true`, that fast-json-stringify
 * writes with a null check; an `anyOf` it would decide by running a validator on every value. */
function nullableOf(node: JsonSchema): JsonSchema | null {
  const alts = node.anyOf;
  if (!Array.isArray(alts) || alts.length !== 2) return null;
  const isNull = (s: unknown) =>
    (s as JsonSchema | null)?.type === 'null' && Object.keys(s as object).length === 1;
  const other = (isNull(alts[0]) ? alts[1] : isNull(alts[1]) ? alts[0] : null) as JsonSchema | null;
  if (!other || typeof other.type !== 'string' || other.type === 'null') return null;
  const rest = Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'anyOf'));
  return { ...rest, ...other, nullable: true };
}

function forWriting(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forWriting);
  if (!node || typeof node !== 'object') return node;
  const nullable = nullableOf(node as JsonSchema);
  if (nullable) return forWriting(nullable);
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node as JsonSchema)) {
    if (CHECKS.has(k)) continue;
    if (k === 'format' && v !== 'date-time' && v !== 'date' && v !== 'time') continue;
    // Property names are data, not keywords: copy them as they are, their schemas cleaned.
    if (k === 'properties' || k === 'definitions' || k === '$defs') {
      out[k] = Object.fromEntries(Object.entries(v as JsonSchema).map(([name, s]) => [name, forWriting(s)]));
      continue;
    }
    out[k] = forWriting(v);
  }
  return out;
}

/**
 * Writes responses from their route's contract schema compiled with fast-json-stringify, in place of a
 * zod parse of every outgoing record followed by JSON.stringify. With `check` (the tests), the zod parse
 * still runs first, a response the contract refuses still fails, and an answer that differs from what
 * the zod parse would have sent fails too, naming the route.
 */
export function contractSerializerCompiler(opts: { check: boolean }): FastifySerializerCompiler<z.ZodType> {
  return (route) => {
    const zodWrite = zodSerializerCompiler(route);
    // Compiled on the route's first answer, not at start-up: most routes of a process never answer.
    let write: ((data: unknown) => string) | undefined;
    const compile = () => {
      try {
        const json = responseJsonSchema(route.schema);
        return json ? (fastJson(json) as (data: unknown) => string) : zodWrite;
      } catch {
        return zodWrite;
      }
    };
    if (!opts.check)
      return (data: unknown) => {
        write ??= compile();
        return write(data);
      };
    return (data: unknown) => {
      write ??= compile();
      const expected = zodWrite(data);
      const written = write === zodWrite ? expected : write(data);
      if (written !== expected && !isDeepStrictEqual(JSON.parse(written), JSON.parse(expected)))
        throw new Error(
          `${route.method} ${route.url} ${route.httpStatus}: the compiled serialiser wrote ${written.slice(0, 2000)} where the contract gives ${expected.slice(0, 2000)}`,
        );
      return written;
    };
  };
}
