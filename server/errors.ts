import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/connect.ts';
import { errorMessage, requestLanguage } from './error-texts.ts';
import type { ValidationIssue } from './validation/index.ts';
import { ApiError } from './api-error.ts';

// In a module of its own, without the server's imports, so that the store procedure the database's
// writer thread runs can throw it (db/procedure.ts).
export { ApiError };

export interface ErrorBody {
  error: {
    status: number;
    code: string;
    /** A sentence for people, in the request's language (Accept-Language: fi, sv, else en). */
    message: string;
    /** The specific English sentence: which field, which value. Never on an internal error. */
    detail?: string;
    /** Fastify's id of the request, also in the `x-request-id` header and in the 5xx log line. */
    requestId: string;
    questions?: readonly ValidationIssue[];
    fields?: readonly { field: string; message: string }[];
  };
}

// Fastify's own error codes for bad requests, mapped to ours (https://fastify.dev/docs/latest/Reference/Errors/).
const FASTIFY_CODES: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_content_length' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json' },
};

type Extra = Pick<ErrorBody['error'], 'questions' | 'fields'>;

/** Every error answer goes out here, so they all have the same shape and headers. */
function sendError(request: FastifyRequest, reply: FastifyReply, status: number, code: string, detail: string | undefined, extra: Extra = {}) {
  const language = requestLanguage(request.headers['accept-language']);
  const body: ErrorBody = {
    error: { status, code, message: errorMessage(code, language, status, detail ?? ''), ...(detail === undefined ? {} : { detail }), requestId: request.id, ...extra },
  };
  // The message depends on Accept-Language: a cache in between must not give a Finnish 404 to a Swede.
  const vary = reply.getHeader('vary');
  reply.header('vary', vary ? `${String(vary)}, Accept-Language` : 'Accept-Language');
  return reply.status(status).header('x-request-id', request.id).header('content-language', language).send(body);
}

/**
 * What a 5xx log line says about the error: its kind, message, code and stack, and nothing else
 * (under `error`, not pino's `err`, whose serializer would copy every property of the error).
 * Drivers hang more on their errors (PostgreSQL's `detail` and `where` can quote the values of a
 * row), and those values may be a respondent's answers.
 */
export function describeError(error: Error & { code?: unknown }) {
  return { type: error.name, message: error.message, ...(typeof error.code === 'string' ? { code: error.code } : {}), stack: error.stack };
}

/** What Retry-After says on a 503 database_unavailable: a restart or failover takes seconds. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The one error handler: 4xx say what is wrong, 5xx never echo internals and are logged once. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      return sendError(request, reply, error.statusCode, error.code, error.message, error.questions ? { questions: error.questions } : {});
    }
    if (error.validation) {
      const fields = error.validation.map((v) => ({
        field: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message ?? 'is not valid',
      }));
      return sendError(request, reply, 400, 'invalid_request', fields.map((f) => `${f.field} ${f.message}`).join('; '), { fields });
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return sendError(request, reply, known.status, known.code, error.message);
    if (error instanceof SyntaxError) return sendError(request, reply, 400, 'malformed_json', 'the body is not valid JSON');
    // The database down, restarting or locked by another process is not a fault of this request nor
    // of the server's code: 503 with when to try again. Logged (without the driver's detail) at warn,
    // so that an outage shows in the log without one error line per request.
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ method: request.method, route: request.routeOptions.url ?? null, error: describeError(error) }, 'database unavailable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return sendError(request, reply, 503, 'database_unavailable', undefined);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendError(request, reply, status, status === 429 ? 'too_many_requests' : 'bad_request', error.message);
    }
    // One line per failure: the request id (also in the answer, so a report can be matched), the
    // method and the route's pattern (a path can hold a link token or a resume code), the error.
    // Never the body, the query or the client's address.
    request.log.error({ method: request.method, route: request.routeOptions.url ?? null, error: describeError(error) }, 'request failed');
    return sendError(request, reply, 500, 'internal_error', undefined);
  });

  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
}
