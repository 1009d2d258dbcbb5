import { Ajv, type Options } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// As Fastify's own compiler has them, less its coercion (per part below) and with every error reported.
const shared: Options = { removeAdditional: false, useDefaults: true, allErrors: true, addUsedSchema: false };

/**
 * Route schemas are compiled by two Ajv instances: a path parameter, a query string or a header
 * arrives as text, so its numbers and booleans are coerced (`?limit=50`, a single `filter` as a
 * one-item array); a JSON body says its types itself, and "1" for a number, `true` for a version or
 * `[1]` for a page is a client error to refuse, not to repair. Fastify's `ajv` option configures one
 * instance for every part, hence the compiler (https://fastify.dev/docs/latest/Reference/Validation-and-Serialization/).
 */
export function schemaValidators(): FastifySchemaCompiler<unknown> {
  const text = new Ajv({ ...shared, coerceTypes: 'array' });
  const json = new Ajv({ ...shared, coerceTypes: false });
  // ajv-formats is CommonJS whose `default` TypeScript sees one level down; Fastify's own compiler
  // adds it too (uuid, date-time).
  const addFormats = ajvFormats.default;
  addFormats(text);
  addFormats(json);
  return ({ schema, httpPart }) => (httpPart === 'body' ? json : text).compile(schema as object);
}
