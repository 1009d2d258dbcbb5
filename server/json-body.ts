import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';

/**
 * How deep a request body may nest arrays and objects. The deepest body the product sends is a
 * survey answer (a dynamic panel holding a matrix of checkboxes is about seven levels); 64 leaves room
 * for anything a form can hold and stops a body that would overflow the stack of any recursive walk
 * (the answer validators, JSON.stringify of a draft, the response serialiser) long before it does.
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * Where a JSON text first nests deeper than `limit` (the offset of the bracket that does), or -1.
 *
 * Written by hand: JSON.parse and secure-json-parse (Fastify's parser) take no depth limit, and a
 * reviver or any check on the parsed value comes too late, since it runs after the parse and walks
 * recursively itself. No maintained npm package checks depth before parsing. This is one pass over
 * the text, without recursion, counting brackets outside strings; a malformed text is left to the
 * parser, which rejects it.
 */
export function firstTooDeep(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limit) return i;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return -1;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function member(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * The path (`body.data.avoin`, `body.items[2]`, `body["a b"]`) of the first string or key holding
 * U+0000, or null. PostgreSQL text cannot hold NUL (the insert fails), SQLite would keep it, so the
 * two databases would disagree: no body may carry it. Recursive, which is safe only because the
 * depth was checked first.
 */
export function firstNul(value: unknown, path = 'body'): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstNul(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return member(path, key);
      const found = firstNul(item, member(path, key));
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * Replaces Fastify's JSON body parser with one that first refuses a body nested deeper than
 * MAX_JSON_DEPTH (before anything parses it), then parses with Fastify's own parser (prototype
 * poisoning refused as before), then refuses a NUL character anywhere. Every JSON route gets this.
 */
export function registerJsonBody(app: FastifyInstance): void {
  // Fastify's defaults for `onProtoPoisoning` and `onConstructorPoisoning`, which the app keeps.
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    const deep = firstTooDeep(text);
    if (deep >= 0) {
      done(new ApiError(400, 'json_too_deep', `the body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep (at character ${deep})`), undefined);
      return;
    }
    parse(request, text, (error, value) => {
      if (error) return done(error, undefined);
      // Only a `\u0000` escape can put a NUL in parsed JSON (a raw one is invalid JSON): most bodies skip the walk.
      const nul = text.includes('\\u0000') ? firstNul(value) : null;
      if (nul !== null) return done(nulError(`${nul} contains a NUL character (\\u0000), which is not accepted`), undefined);
      done(null, value);
    });
  });

  // A `%00` in the address decodes to NUL in a path parameter or the query string. The raw URL
  // holds it only as `%00` (an HTTP request line cannot carry a raw NUL), so one look covers both.
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const url = request.raw.url ?? '';
    const at = url.indexOf('%00');
    if (at < 0) return;
    const query = url.indexOf('?');
    const part = query >= 0 && at > query ? 'query string' : 'path';
    throw nulError(`the address's ${part} contains a NUL character (%00), which is not accepted`);
  });
}

function nulError(message: string): ApiError {
  return new ApiError(400, 'nul_character', message);
}
