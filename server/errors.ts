import type { FastifyError, FastifyInstance } from 'fastify';
import type { ValidationIssue } from './validation/index.ts';

/** A 4xx the client can act on: a stable `code`, a sentence, and where it applies the failing fields. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly questions?: readonly ValidationIssue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorBody {
  error: { code: string; message: string; questions?: readonly ValidationIssue[]; fields?: readonly { field: string; message: string }[] };
}

// Fastify's own error codes for bad requests, mapped to ours (https://fastify.dev/docs/latest/Reference/Errors/).
const FASTIFY_CODES: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_content_length' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json' },
};

/** The one error handler: 4xx say what is wrong, 5xx never echo internals. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      const body: ErrorBody = { error: { code: error.code, message: error.message } };
      if (error.questions) body.error.questions = error.questions;
      return reply.status(error.statusCode).send(body);
    }
    if (error.validation) {
      const fields = error.validation.map((v) => ({
        field: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message ?? 'is not valid',
      }));
      return reply.status(400).send({
        error: { code: 'invalid_request', message: fields.map((f) => `${f.field} ${f.message}`).join('; '), fields },
      } satisfies ErrorBody);
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return reply.status(known.status).send({ error: { code: known.code, message: error.message } } satisfies ErrorBody);
    if (error instanceof SyntaxError) {
      return reply.status(400).send({ error: { code: 'malformed_json', message: 'the body is not valid JSON' } } satisfies ErrorBody);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: 'bad_request', message: error.message } } satisfies ErrorBody);
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal_error', message: 'something went wrong on our side' } } satisfies ErrorBody);
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } } satisfies ErrorBody),
  );
}
