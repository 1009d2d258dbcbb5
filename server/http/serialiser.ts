import fastJsonStringify from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema => value !== null && typeof value === 'object' && !Array.isArray(value);
const isNull = (s: unknown) => isObject(s) && s.type === 'null' && Object.keys(s).length === 1;
/** A text record (a LocalizedText's per-locale form): an object whose values are all texts. */
const isTextRecord = (s: unknown) =>
  isObject(s) && s.type === 'object' && !s.properties && isObject(s.patternProperties) && Object.values(s.patternProperties).every((v) => isObject(v) && v.type === 'string');

/**
 * One schema rewritten for writing, never for checking: fast-json-stringify picks an `anyOf`
 * branch by running Ajv on the value, compiling those validators at the route's first answer (a
 * profile of the loop benchmark: 700 ms of the event loop for the first cross-tab) and then
 * validating every value with them (most of 118–176 ms on a summary). The API's unions are mostly
 * of three plain kinds that need no choosing, so they are written without it:
 * - `Nullable(X)` (X or null) becomes X with `nullable: true`, fast-json-stringify's own way;
 * - a union of literals of one type (`'small_group' | 'small_cell' | …`) becomes that type;
 * - a localized text (a text, or a record of texts per locale) is written as it is (JSON.stringify),
 *   as both forms are already JSON texts and records.
 * Other unions (objects of different shapes) stay as they are. Requests are still validated
 * against the schemas as written, and the OpenAPI document shows them unchanged.
 */
export function forWriting(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forWriting);
  if (!isObject(schema)) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === 'properties' || key === 'patternProperties' ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, forWriting(v)])) : forWriting(value);
  }
  const branches = out.anyOf;
  if (!Array.isArray(branches)) return out;
  const { anyOf: _, ...rest } = out;
  const others = branches.filter((b) => !isNull(b));
  const nullable = others.length === branches.length - 1;
  if (others.length === 1 && isObject(others[0]) && typeof others[0].type === 'string' && !Array.isArray(others[0].anyOf)) {
    return { ...rest, ...others[0], ...(nullable ? { nullable: true } : {}) };
  }
  // X or null where X was already made free-form (a localized text or null): free-form.
  if (others.length === 1 && isObject(others[0]) && Object.keys(others[0]).every((k) => k === 'description' || k === 'title')) return { ...rest, ...others[0] };
  const types = new Set(others.map((b) => (isObject(b) && 'const' in b ? typeof b.const : 'other')));
  const [type] = types;
  if (types.size === 1 && (type === 'string' || type === 'number' || type === 'boolean')) return { ...rest, type, ...(nullable ? { nullable: true } : {}) };
  // No type: fast-json-stringify writes the value with JSON.stringify (null too).
  if (others.every((b) => (isObject(b) && b.type === 'string') || isTextRecord(b))) return rest;
  return out;
}

/** Fastify's default serialiser (fast-json-stringify) on the schemas rewritten for writing. */
export const serialiser: FastifySerializerCompiler<unknown> = ({ schema }) => fastJsonStringify(forWriting(schema) as never);
