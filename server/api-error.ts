import type { CrossedError } from '../db/procedure.ts';
import type { ValidationIssue } from './validation/index.ts';

/**
 * A 4xx the client can act on: a stable `code` (with its texts in error-texts.ts), the specific
 * English sentence (the body's `detail`), and where it applies the failing questions.
 */
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

/** An ApiError that a procedure threw on the database's writer thread, as an ApiError again (db/procedure.ts). */
export function reviveApiError(error: CrossedError): ApiError | null {
  if (error.name !== 'ApiError') return null;
  return new ApiError(Number(error.fields.statusCode), String(error.fields.code), error.message, error.fields.questions as ValidationIssue[] | undefined);
}
