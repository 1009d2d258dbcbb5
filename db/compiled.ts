import { isDeepStrictEqual } from 'node:util';
import type { Compilable, CompiledQuery } from 'kysely';
import type { Dialect } from './connect.ts';

/*
 * Kysely builds and compiles a query anew on every call: for a submission's 33-row answer INSERT
 * that took longer than running it. The store path's queries have a few fixed shapes (a column list,
 * a row count), so each shape is compiled once per dialect and then run with the call's parameters.
 * Kysely offers no such cache; a compiled query's SQL text with new parameters is its documented
 * way to run a query built elsewhere (CompiledQuery + executeQuery).
 */

const templates = new Map<string, CompiledQuery>();

/**
 * The query of this shape with these parameters. `parameters` must be exactly what `build()`
 * compiles to, in order; the first time a shape is seen this is checked against Kysely's own
 * compilation, so a wrong order fails loudly instead of storing values in the wrong columns.
 */
export function compiledOnce<R>(dialect: Dialect, shape: string, parameters: readonly unknown[], build: () => Compilable<R>): CompiledQuery<R> {
  const key = `${dialect}\u0000${shape}`;
  let template = templates.get(key);
  if (!template) {
    template = build().compile();
    if (!isDeepStrictEqual(template.parameters, parameters)) {
      throw new Error(`compiled query '${shape}' takes its parameters in another order than given`);
    }
    templates.set(key, template);
  }
  return { ...template, parameters } as CompiledQuery<R>;
}
