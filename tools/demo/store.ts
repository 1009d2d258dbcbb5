import type { Kysely } from 'kysely';
import { deleteSyntheticResponses, insertResponse } from '../../db/responses.ts';
import type { Database } from '../../db/schema.ts';
import type { Geography } from '../../server/geography.ts';
import { prepareResponse } from '../../server/responses/submit.ts';
import type { SurveyCatalog, SurveyVersion } from '../../server/surveys/catalog.ts';
import type { ValidationIssue } from '../../server/validation/index.ts';
import { demoSurveys, type DemoOptions, type DemoSurvey } from './index.ts';
import type { DemoResponse } from './response.ts';
import { saveDemoWaveMapping } from './waves.ts';

// Responses per transaction: big enough to be quick, small enough to keep SQLite's WAL modest at 1M.
const BATCH = 1000;

export interface DemoProgress {
  readonly phase: 'checking' | 'storing';
  readonly done: number;
  readonly total: number;
}

export interface DemoSummary {
  /** Synthetic responses removed before storing the new set. */
  readonly removed: number;
  readonly stored: readonly { surveyId: string; version: number; count: number }[];
  /** Surveys with demo data that the catalog does not serve (their answers were not made). */
  readonly skipped: readonly string[];
}

/** A generated answer that the survey refuses: the generator and the survey file disagree. */
export class DemoDataInvalid extends Error {
  constructor(readonly problems: readonly { surveyId: string; id: string; errors: readonly ValidationIssue[] }[]) {
    super(
      `generated demo answers do not pass validation (has a survey file changed?):\n` +
        problems
          .slice(0, 10)
          .map((p) => `  ${p.surveyId} ${p.id}: ${p.errors.map((e) => `${e.question}: ${e.message} [${e.code}]`).join('; ')}`)
          .join('\n'),
    );
    this.name = 'DemoDataInvalid';
  }
}

function prepare(survey: SurveyVersion, response: DemoResponse, geography: Geography) {
  return prepareResponse(
    survey,
    { id: response.id, data: response.data, locale: response.locale, startedAt: response.startedAt },
    { channel: response.channel, submittedAt: new Date(response.submittedAt) },
    geography,
  );
}


/**
 * Replaces the demo data set: generates every survey's synthetic answers, checks all of them with
 * the same validation as the web path (nothing is changed if any fails), then removes the earlier
 * synthetic responses and stores the new ones marked `synthetic = 1`, in transactions of a
 * thousand. Real responses (`synthetic = 0`) are never touched. Same seed, same rows.
 */
export async function replaceDemoData(
  db: Kysely<Database>,
  catalog: SurveyCatalog,
  geography: Geography,
  options: DemoOptions & { onProgress?: (progress: DemoProgress) => void } = {},
): Promise<DemoSummary> {
  const all = demoSurveys({ ...options, geography });
  const served = all.filter((s) => catalog.get(s.surveyId));
  const skipped = all.filter((s) => !catalog.get(s.surveyId)).map((s) => s.surveyId);
  const total = served.reduce((n, s) => n + s.count, 0);
  const report = (phase: DemoProgress['phase'], done: number) => options.onProgress?.({ phase, done, total });
  const each = function* (surveys: readonly DemoSurvey[]) {
    for (const s of surveys) {
      const survey = catalog.get(s.surveyId)!;
      for (const response of s.responses()) yield { survey, response };
    }
  };

  // First pass: generate and validate everything, storing nothing, so a bad answer changes nothing.
  const problems: { surveyId: string; id: string; errors: readonly ValidationIssue[] }[] = [];
  let done = 0;
  for (const { survey, response } of each(served)) {
    const prepared = prepare(survey, response, geography);
    if (prepared.kind === 'invalid') problems.push({ surveyId: survey.meta.id, id: response.id, errors: prepared.errors });
    if (++done % BATCH === 0) report('checking', done);
  }
  if (problems.length > 0) throw new DemoDataInvalid(problems);

  // Second pass: the generator is deterministic, so it makes the same answers again.
  let removed = 0;
  const counts = new Map<string, number>();
  let batch: { survey: SurveyVersion; response: DemoResponse }[] = [];
  let first = true;
  done = 0;
  const flush = async () => {
    await db.transaction().execute(async (trx) => {
      if (first) removed = await deleteSyntheticResponses(trx, new Date().toISOString());
      first = false;
      for (const { survey, response } of batch) {
        const prepared = prepare(survey, response, geography);
        if (prepared.kind === 'invalid') throw new DemoDataInvalid([{ surveyId: survey.meta.id, id: response.id, errors: prepared.errors }]);
        const result = await insertResponse(trx, { ...prepared.row, synthetic: 1 }, prepared.answers);
        if (!result.inserted) throw new Error(`stopped: response ${response.id} of ${survey.meta.id} exists already as a real response (it was left alone); run again with another --seed`);
        counts.set(survey.meta.id, (counts.get(survey.meta.id) ?? 0) + 1);
      }
    });
    done += batch.length;
    batch = [];
    report('storing', done);
  };
  for (const item of each(served)) {
    batch.push(item);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0 || first) await flush();
  await saveDemoWaveMapping(db, catalog, new Date());

  return {
    removed,
    stored: served.map((s) => ({ surveyId: s.surveyId, version: catalog.get(s.surveyId)!.version, count: counts.get(s.surveyId) ?? 0 })),
    skipped,
  };
}
