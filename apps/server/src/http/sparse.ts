import fastJson from 'fast-json-stringify';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { page } from '@leadline/contract';
import { responseJsonSchema } from './serialize';

type JsonSchema = Record<string, unknown>;
type Write = (data: unknown) => string;
const compile = (schema: JsonSchema) =>
  fastJson(schema as unknown as Parameters<typeof fastJson>[0]) as Write;

const pick = (record: Record<string, unknown>, keys: readonly string[]) => {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in record) out[k] = record[k];
  return out;
};

/**
 * Sparse fieldsets (`fields=`): a record, or a page of records, with only the fields asked for and its
 * id, written by a serialiser compiled from the contract's schema of the record restricted to those
 * fields (one per field set asked, kept for the next request asking the same).
 */
export function sparseWriter(record: z.ZodObject) {
  let recordJson: JsonSchema | null | undefined;
  let pageJson: JsonSchema | null | undefined;
  const writers = new Map<string, { one: Write; page: Write; keys: string[] }>();

  const restricted = (keys: string[]): JsonSchema | null => {
    if (!recordJson) return null;
    const properties = recordJson.properties as Record<string, unknown>;
    const required = (recordJson.required as string[] | undefined) ?? [];
    return {
      ...recordJson,
      properties: Object.fromEntries(keys.filter((k) => k in properties).map((k) => [k, properties[k]])),
      required: required.filter((k) => keys.includes(k)),
    };
  };

  const writerFor = (fields: readonly string[]) => {
    const keys = ['id', ...fields.filter((f) => f !== 'id')];
    const key = keys.join(',');
    let w = writers.get(key);
    if (w) return w;
    if (recordJson === undefined) {
      recordJson = responseJsonSchema(record);
      pageJson = responseJsonSchema(page(record));
    }
    const one = restricted(keys);
    const pageProps = pageJson?.properties as Record<string, JsonSchema> | undefined;
    w = {
      keys,
      one: one ? compile(one) : JSON.stringify,
      page:
        one && pageJson && pageProps
          ? compile({ ...pageJson, properties: { ...pageProps, items: { ...pageProps.items, items: one } } })
          : JSON.stringify,
    };
    // Field sets come from the callers: keep a bounded number of them.
    if (writers.size >= 200) writers.clear();
    writers.set(key, w);
    return w;
  };

  return {
    /** Sends `data` with only `fields` (and id), or whole through the route's schema without them. */
    one<T extends Record<string, unknown>>(
      reply: FastifyReply,
      fields: readonly string[] | undefined,
      data: T,
    ) {
      if (!fields) return data;
      const w = writerFor(fields);
      return sendWritten(reply, w.one(pick(data, w.keys)));
    },
    page<T extends { items: Record<string, unknown>[] }>(
      reply: FastifyReply,
      fields: readonly string[] | undefined,
      data: T,
    ) {
      if (!fields) return data;
      const w = writerFor(fields);
      return sendWritten(reply, w.page({ ...data, items: data.items.map((i) => pick(i, w.keys)) }));
    },
  };
}

/** A body already written as JSON goes out as it is (Fastify does not serialise a JSON string again). */
function sendWritten(reply: FastifyReply, json: string) {
  return reply.type('application/json; charset=utf-8').send(json);
}
