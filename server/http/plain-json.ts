import type { FastifySerializerCompiler } from 'fastify';

/**
 * The serialiser for answers whose service returns exactly the route's contract: JSON.stringify.
 * Fastify's default (fast-json-stringify) checks every `Nullable` (anyOf with null) and every
 * `LocalizedText` (a string or a record) with Ajv per value: on a summary by municipality
 * (40 questions × 38 groups, 2.2 MB) that was 118–176 ms of the event loop against 7–8 ms here.
 * The default also drops properties the schema does not name, so a route may use this only when
 * its service builds the answer's shape itself; test/api/results-contract.test.ts validates the
 * answers against the schemas with every object closed (no property beyond those named).
 */
export const plainJson: FastifySerializerCompiler<unknown> = () => (data) => JSON.stringify(data);
