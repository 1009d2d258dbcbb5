import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { Type } from 'typebox';
import { CSRF_HEADER, type Access } from '../auth/access.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { ErrorBody } from './schemas.ts';

/** Where the document and its reference page are served; both public (README, "API"). */
export const OPENAPI_PATH = '/api/openapi.json';
export const REFERENCE_PATH = '/api/docs';

// Swagger UI's built files as @fastify/swagger-ui ships them. That package's own plugin is not
// registered: its routes cannot carry an access rule, which every route here must have (see
// auth/access.ts), and it would publish the document a second time. swagger-ui-dist itself runs an
// analytics script on install.
const require = createRequire(import.meta.url);
const SWAGGER_UI_DIR = path.join(path.dirname(require.resolve('@fastify/swagger-ui/package.json')), 'static');

/** Readable groups of the reference page, by address; the first match wins. */
const TAGS: readonly { name: string; description: string; match: RegExp }[] = [
  { name: 'Respondents', description: 'Open surveys, answers, links, saved drafts and progress pings: public, no sign-in.', match: /^\/api\/(surveys|links|drafts)(\/|$)/ },
  { name: 'Sign-in', description: 'Sessions for admins, analysts, viewers and planners (a cookie, and a CSRF token for every change).', match: /^\/api\/auth\// },
  { name: 'Entry', description: 'Interview and paper answers typed in by planners and admins.', match: /^\/api\/entry\// },
  { name: 'Distribution', description: "Admins: surveys' lifecycle, links, invitations, QR codes and collection monitoring.", match: /^\/api\/admin\/(surveys|links)(\/|$)/ },
  { name: 'Operations', description: 'Health, readiness and metrics.', match: /^\/api\/(health|ready|admin\/metrics)$/ },
  { name: 'Admin', description: 'Admins: users, the audit log, the population table and the geography.', match: /^\/api\/admin\// },
  { name: 'Results', description: 'Figures for admins, analysts and viewers within their places, always suppressed and with their n.', match: /^\/api\/results\// },
  { name: 'Data exports', description: 'The responses themselves (microdata), for admins and analysts.', match: /^\/api\/exports\/[^/]+\/responses\./ },
  { name: 'Results exports', description: 'Charts, tables, decks and reports of the results.', match: /^\/api\/exports\// },
  { name: 'Anonymisation', description: 'Admins and analysts: redactions of open answers to review, and anonymised data exports for research with a report of what was changed.', match: /^\/api\/privacy\/[^/]+\/(redactions|anonymis)/ },
  { name: 'Reference', description: 'This document and its reference page.', match: /^\/api\/(openapi\.json|docs)/ },
];

const UNSAFE = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

/**
 * The answers a route can give whatever it does, made by the parts every request passes through
 * (server/errors.ts, json-body.ts, auth/access.ts, the body parser, the rate limiter): declared here
 * once, as references to one error body, instead of on each route, with the error codes they carry.
 * A route declares only its own (its success, its `4xx` refusals with their own codes, and a 503 of
 * its own such as results_preparing).
 */
export const COMMON_ANSWERS = {
  400: {
    name: 'BadRequest',
    description: 'The request is not valid: a path parameter, the query or the body (`fields` names each fault), malformed or too deeply nested JSON, or a NUL character.',
    codes: ['invalid_request', 'malformed_json', 'invalid_content_length', 'json_too_deep', 'nul_character', 'bad_request'],
  },
  401: { name: 'NotSignedIn', description: 'Not signed in, or the session has ended.', codes: ['not_signed_in'] },
  403: { name: 'Forbidden', description: "The user's role may not use this route; for a change, also a missing or wrong CSRF header.", codes: ['forbidden', 'csrf_token_invalid'] },
  413: { name: 'BodyTooLarge', description: 'The body is larger than the server takes (`BODY_LIMIT`).', codes: ['body_too_large'] },
  415: { name: 'UnsupportedMediaType', description: 'The body is not JSON.', codes: ['unsupported_media_type'] },
  429: { name: 'TooManyRequests', description: 'Too many requests from this address in the time window; `Retry-After` says when to try again.', codes: ['too_many_requests'] },
  500: { name: 'InternalError', description: 'A fault of the server, never of the request: the body has only the request id, which the log line also names.', codes: ['internal_error'] },
  503: {
    name: 'DatabaseUnavailable',
    description: 'The database cannot be reached now (down, restarting, refusing connections, or locked by another process past the wait): try again after `Retry-After` seconds; the request itself was fine',
    codes: ['database_unavailable'],
  },
} as const;
export type CommonStatus = keyof typeof COMMON_ANSWERS;

/**
 * A route's config says `database: false` when it never answers database_unavailable: it reads no
 * database (this document), or it answers the database's state itself (readiness).
 */
export interface DatabaseConfig {
  database?: false;
}

declare module 'fastify' {
  interface FastifyContextConfig extends DatabaseConfig {}
}

/** Which of the common answers a route can give, from what it is: public or not, taking a body, rate limited, using the database. */
export function commonAnswersOf(route: { method: string | string[]; config?: unknown }): CommonStatus[] {
  const config = route.config as ({ access?: Access; rateLimit?: unknown } & DatabaseConfig) | undefined;
  const methods = [route.method].flat();
  const answers: CommonStatus[] = [400];
  if (config?.access !== undefined && config.access !== 'public') answers.push(401, 403);
  // Fastify reads a body on every method but GET and HEAD.
  if (methods.some((m) => m !== 'GET' && m !== 'HEAD')) answers.push(413, 415);
  if (config?.rateLimit !== undefined) answers.push(429);
  answers.push(500);
  if (config?.database !== false) answers.push(503);
  return answers;
}

const COMMON_KEY = 'x-kuulo-common-answers';

type OpenApiObject = {
  paths?: Record<string, Record<string, { responses: Record<string, unknown>; [COMMON_KEY]?: CommonStatus[] }>>;
  components?: { schemas?: Record<string, unknown>; responses?: Record<string, unknown> };
};

/**
 * Each route's common answers become references to one response each (and one error body), after
 * the route's own: a status the route declares itself keeps the route's description.
 */
function addCommonAnswers(document: OpenApiObject): void {
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      const common = operation[COMMON_KEY];
      if (!common) continue;
      delete operation[COMMON_KEY];
      for (const status of common) {
        const own = operation.responses[String(status)] as { description?: string } | undefined;
        // A route's own 503 (results_preparing) keeps its description, which then names this one too.
        if (own && status === 503 && typeof own.description === 'string') own.description += ` Or \`database_unavailable\`: ${COMMON_ANSWERS[503].description}.`;
        else operation.responses[String(status)] ??= { $ref: `#/components/responses/${COMMON_ANSWERS[status].name}` };
      }
    }
  }
  const errorAnswer = (description: string, codes: readonly string[]) => ({
    description: `${description} (${codes.map((c) => `\`${c}\``).join(', ')})`,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Error: ErrorBody },
    responses: { ...document.components?.responses, ...Object.fromEntries(Object.values(COMMON_ANSWERS).map(({ name, description, codes }) => [name, errorAnswer(description, codes)])) },
  };
}

/**
 * Who may call a route, as the document says it: public routes need nothing; the others the
 * session cookie, changes also the CSRF header, and the roles are named in `x-roles`.
 */
function accessOf(route: RouteOptions): { security: Record<string, string[]>[]; 'x-roles': string | string[] } {
  const access = (route.config as { access?: Access } | undefined)?.access;
  if (access === undefined || access === 'public') return { security: [], 'x-roles': 'public' };
  const methods = [route.method].flat();
  const needs: Record<string, string[]> = methods.some(UNSAFE) ? { session: [], csrf: [] } : { session: [] };
  return { security: [needs], 'x-roles': [...access.roles] };
}

/**
 * The OpenAPI 3.1 document of every API route, made by @fastify/swagger from the routes' own
 * schemas (the same objects that validate requests and serialise answers, so it cannot drift from
 * what the server does). Register before the routes: it collects them as they are added.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      // 3.1: its schemas are JSON Schema 2020-12, so TypeBox's `type: 'null'` and `const` stay as they are.
      openapi: '3.1.0',
      info: {
        title: 'Kuulo API',
        version: '1',
        description:
          'Every route of the Kuulo server with its request and response schemas. Errors always have the shape ' +
          '`{"error": {"status", "code", "message", "detail", "requestId", …}}` with a stable `code`. Signed-in routes take the ' +
          `session cookie \`${SESSION_COOKIE}\` from \`POST /api/auth/login\`; every change also the \`${CSRF_HEADER}\` header from \`GET /api/auth/me\`. ` +
          '`x-roles` names the roles that may call a route. The concepts (lifecycle, suppression, weighting, exports) are explained in the README.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER },
        },
      },
      tags: TAGS.map(({ name, description }) => ({ name, description })),
    },
    transform: ({ schema, url, route }) => {
      // The web pages and the built client's files are not the API.
      const isFile = (route.config as { file?: unknown } | undefined)?.file !== undefined;
      if (!url.startsWith('/api/') || isFile) return { schema: { ...schema, hide: true }, url };
      const tag = TAGS.find((t) => t.match.test(url));
      return { schema: { ...schema, ...accessOf(route), ...(tag ? { tags: [tag.name] } : {}), [COMMON_KEY]: commonAnswersOf(route) }, url };
    },
    transformObject: (document) => {
      if (!('openapiObject' in document)) return document.swaggerObject;
      addCommonAnswers(document.openapiObject as OpenApiObject);
      return document.openapiObject;
    },
  });

  // The document and its page read no database.
  const PUBLIC = { access: 'public' as const, database: false as const };
  const text = (type: string, description: string) => ({ description, content: { [type]: { schema: Type.String() } } });

  // Made once: the routes are all registered by the time anyone can ask.
  let document: string | undefined;
  app.get(
    OPENAPI_PATH,
    {
      config: PUBLIC,
      schema: {
        summary: 'This document: every route with its request and response schemas (OpenAPI 3.1)',
        response: {
          200: { description: 'the OpenAPI document', content: { 'application/json': { schema: Type.Object({ openapi: Type.String() }, { additionalProperties: true }) } } },
          '4xx': ErrorBody,
        },
      },
    },
    async (_request, reply) => {
      document ??= JSON.stringify(app.swagger());
      return reply.type('application/json; charset=utf-8').header('cache-control', 'no-cache').send(document);
    },
  );

  app.get(
    REFERENCE_PATH,
    { config: PUBLIC, schema: { summary: 'The reference page: this document, readable (Swagger UI)', response: { 200: text('text/html', 'the page'), '4xx': ErrorBody } } },
    async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(REFERENCE_PAGE),
  );

  // Swagger UI's script and style, each read and gzipped once on first use: 1.5 MB must not be
  // compressed again on every request of a public page.
  const assets = {
    'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
    'swagger-ui.css': 'text/css; charset=utf-8',
  } as const;
  const loaded = new Map<string, { raw: Buffer; gzip: Buffer }>();
  const sendAsset = (file: keyof typeof assets) => async (request: FastifyRequest, reply: FastifyReply) => {
    let asset = loaded.get(file);
    if (!asset) {
      const raw = await fs.promises.readFile(path.join(SWAGGER_UI_DIR, file));
      asset = { raw, gzip: zlib.gzipSync(raw, { level: 9 }) };
      loaded.set(file, asset);
    }
    reply.type(assets[file]).header('cache-control', 'public, max-age=86400').header('vary', 'accept-encoding');
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.raw);
  };
  for (const file of Object.keys(assets) as (keyof typeof assets)[]) {
    app.get(
      `${REFERENCE_PATH}/${file}`,
      { config: PUBLIC, schema: { summary: `Swagger UI's ${file}, for the reference page`, response: { 200: text(assets[file].split(';')[0]!, 'the file'), '4xx': ErrorBody } } },
      sendAsset(file),
    );
  }
  app.get(
    `${REFERENCE_PATH}/reference.js`,
    { config: PUBLIC, schema: { summary: 'Starts Swagger UI on the reference page', response: { 200: text('application/javascript', 'the script'), '4xx': ErrorBody } } },
    async (_request, reply) => reply.type('application/javascript; charset=utf-8').header('cache-control', 'no-cache').send(REFERENCE_SCRIPT),
  );
}

// A script of its own, not inline: the Content-Security-Policy allows scripts from this origin only.
// Only reading requests can be tried from the page; the validator badge would call swagger.io.
const REFERENCE_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '${OPENAPI_PATH}',
    dom_id: '#reference',
    deepLinking: true,
    validatorUrl: null,
    supportedSubmitMethods: ['get'],
    defaultModelsExpandDepth: 0,
    docExpansion: 'list',
    tryItOutEnabled: false
  });
});
`;

const REFERENCE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kuulo API</title>
<link rel="stylesheet" href="${REFERENCE_PATH}/swagger-ui.css">
<script src="${REFERENCE_PATH}/swagger-ui-bundle.js" defer></script>
<script src="${REFERENCE_PATH}/reference.js" defer></script>
</head>
<body>
<main id="reference"><p>The API's OpenAPI document: <a href="${OPENAPI_PATH}">${OPENAPI_PATH}</a></p></main>
</body>
</html>
`;
