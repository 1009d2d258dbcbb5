// An author's test answer from the preview: judged exactly as a resident's answer would be judged if
// the draft were published (the same envelope reading, the same compiled validator and the same
// `prepareResponse` the submission route runs, municipality included), and then dropped. Nothing is
// written: no response, no answer rows, no receipt, no rights code, no attempt, no audit entry; the
// verdict carries no id, so there is nothing a later request could turn into a stored response.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { findDraft } from '../../db/authoring.ts';
import type { Database } from '../../db/schema.ts';
import type { Geography } from '../geography.ts';
import { prepareResponse } from '../responses/submit.ts';
import { readEnvelope } from '../surveys/envelope.ts';
import { checkDefinition, compileSurvey, type ValidationIssue } from '../validation/index.ts';
import { ApiError } from '../errors.ts';
import type { SurveyFileJson } from './service.ts';

export interface TestVerdict {
  readonly accepted: boolean;
  /** Each refusal as the submission route names it (question, code, English message); empty when accepted. */
  readonly problems: ValidationIssue[];
  /** The answers as they would be stored (expressions recomputed, hidden answers never kept): what a real submission keeps. */
  readonly data: Record<string, unknown> | null;
  /** How many rows of `answers` the real submission would write. */
  readonly answerRows: number;
}

export function judgeTestAnswer(file: SurveyFileJson, data: unknown, locale: string, geography: Geography, now: Date): TestVerdict {
  const read = readEnvelope(file, file.id);
  // A draft that cannot be published cannot be answered either: its own checks say why.
  if ('problems' in read) throw new ApiError(400, 'survey_draft_invalid', `the draft cannot be answered until it can be published: ${read.problems.join('; ')}`);
  const definition = checkDefinition(read.definition);
  if (definition.errors.length > 0) throw new ApiError(400, 'survey_draft_invalid', `the draft cannot be answered until it can be published: ${definition.errors.join('; ')}`);
  const compiled = compileSurvey(read.definition);
  try {
    const prepared = prepareResponse(
      { meta: read.meta, version: 1, definition: read.definition, compiled },
      { id: crypto.randomUUID(), data, locale },
      { channel: 'web', submittedAt: now },
      geography,
    );
    if (prepared.kind === 'invalid') return { accepted: false, problems: [...prepared.errors], data: null, answerRows: 0 };
    return { accepted: true, problems: [], data: JSON.parse(prepared.row.data) as Record<string, unknown>, answerRows: prepared.answers.length };
  } finally {
    compiled.dispose();
  }
}

/**
 * `POST /api/authoring/drafts/:id/test-answer`: the saved draft judges the answer. With `revision`, an
 * answer filled in on another revision than the stored one is refused (409), so a verdict never speaks
 * of a definition the author is no longer looking at.
 */
export async function testAnswer(db: Kysely<Database>, geography: Geography, id: string, body: { data: unknown; locale: string; revision?: number }, now: Date): Promise<TestVerdict & { revision: number }> {
  const row = await findDraft(db, id);
  if (!row) throw new ApiError(404, 'survey_draft_not_found', `no draft of '${id}'`);
  if (body.revision !== undefined && body.revision !== row.revision) {
    throw new ApiError(409, 'survey_draft_changed', `the answer was filled in on revision ${body.revision}, and the draft is now at revision ${row.revision} (by ${row.updated_by ?? 'someone'} at ${row.updated_at}): answer the preview again`);
  }
  return { ...judgeTestAnswer(JSON.parse(row.file) as SurveyFileJson, body.data, body.locale, geography, now), revision: row.revision };
}
