// Small pieces every feature's schemas.ts builds with.
import { Type, type TSchema } from 'typebox';

/** A 204 answer's body: none (Fastify's serialiser and the OpenAPI document both need a schema). */
export const NoContent = Type.Null();

/** The value, or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A survey's id as it appears in an address. */
export const SurveyKey = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });

/**
 * A file answer (a stream or a buffer, never serialised): described by its media types only, so
 * the OpenAPI document says what comes back.
 */
export function fileAnswer(types: string | readonly string[], description: string) {
  return { description, content: Object.fromEntries([types].flat().map((type) => [type, { schema: Type.String({ description }) }])) };
}
