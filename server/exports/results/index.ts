// The results exports as the routes and the command line use them: a request (who, which survey,
// which view) in, a file out.
import { ApiError } from '../../errors.ts';
import { batchZip, groupQuery, planBatch, type BatchKind, type BatchLevel } from './batch.ts';
import { crosstabWorkbookData, type CrosstabRequest } from './crosstab-xlsx.ts';
import { loadDocument } from './document.ts';
import { chartFileBytes, crosstabFileBytes, deckFileBytes, reportFileBytes, tableFileBytes } from './render-worker.ts';
import type { ChartLayout } from './schemas.ts';
import { loadView, parseQuestions, type ViewRequest } from './view.ts';
import { RESULT_KIND_FACETS } from '../../questions/result-kinds.ts';

export { LANGUAGES, type Language } from './texts.ts';
export type { ViewRequest } from './view.ts';
export type { CrosstabRequest } from './crosstab-xlsx.ts';
export type { BatchKind, BatchLevel, BatchPlan } from './batch.ts';
export { leftOutText, LEFT_OUT_FILE } from './batch.ts';

/** A deck of more slides than this is a batch job, not one download. */
export const MAX_QUESTIONS = 40;
/** Open answers per group in a report (a deck shows the first three of them). */
export const QUOTES_PER_GROUP = 8;

export const MIME = {
  svg: 'image/svg+xml; charset=utf-8',
  png: 'image/png',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  zip: 'application/zip',
} as const;

async function questionsOf(request: ViewRequest, value: string | undefined): Promise<string[]> {
  return parseQuestions(value, await request.results.variables(request.surveyId), MAX_QUESTIONS);
}

export async function chartFile(request: ViewRequest, question: string, format: 'svg' | 'png', layout: ChartLayout = 'panels'): Promise<Buffer> {
  const view = await loadView(request, question);
  const { chart } = view;
  if (!chart) throw new ApiError(400, 'not_chartable', `'${question}' is a ${view.question.kind} question: it has a table, not a bar chart`);
  return chartFileBytes({ ...view, chart }, layout, format);
}

export async function tableFile(request: ViewRequest, question: string, now: Date): Promise<Buffer> {
  const view = await loadView(request, question);
  if (RESULT_KIND_FACETS[view.question.kind].fileFigures === 'quotes') throw new ApiError(400, 'not_tabulable', `'${question}' is an open question: read its answers in the workspace or the report`);
  if (!RESULT_KIND_FACETS[view.question.kind].tabulated) throw new ApiError(400, 'not_tabulable', `'${question}' has no table (answers repeated per row or panel, or files): export the responses instead`);
  return tableFileBytes(view, now);
}

/** A cross-tabulation of two closed questions in one group, as the workspace's cross-tab view shows it. */
export async function crosstabFile(request: CrosstabRequest, now: Date): Promise<{ file: Buffer; group: string }> {
  const data = await crosstabWorkbookData(request);
  return { file: await crosstabFileBytes(data, now), group: data.tabulated.map((r) => r.group).join(',') };
}

export async function documentFile(request: ViewRequest, kind: BatchKind, questionList: string | undefined, now: Date): Promise<{ file: Buffer; questions: string[] }> {
  const questions = await questionsOf(request, questionList);
  const doc = await loadDocument(request, questions, { quotesPerGroup: QUOTES_PER_GROUP, generatedAt: now });
  return { file: kind === 'deck' ? await deckFileBytes(doc) : await reportFileBytes(doc), questions };
}

export async function batchPlan(request: ViewRequest, kind: BatchKind, per: BatchLevel, questionList: string | undefined) {
  const questions = await questionsOf(request, questionList);
  return { plan: await planBatch(request, questions, per, kind), questions };
}

/** A zip of one file per group, streamed as each is made. */
export async function batchZipFile(request: ViewRequest, kind: BatchKind, per: BatchLevel, questionList: string | undefined, now: Date, progress?: (done: number, total: number) => void) {
  const { plan, questions } = await batchPlan(request, kind, per, questionList);
  const make = async (group: string) => (await documentFile({ ...request, query: groupQuery(request.query, group) }, kind, questions.join(','), now)).file;
  return { plan, questions, stream: batchZip(plan, request.language, make, progress) };
}
