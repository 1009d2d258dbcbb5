// The same deck or report for every municipality (or area) the user may see. The plan says which
// groups get a file and which are left out and why; the files are then made one by one, each a
// request of its own (the workspace fetches them in turn and zips them in the browser, the zip
// route and the command line stream them), so no server holds a job's state between requests.
import { Zip, ZipPassThrough } from 'fflate';
import { localize, TEXTS, type Language } from './texts.ts';
import type { ViewRequest } from './view.ts';

export type BatchLevel = 'municipality' | 'area';
export type BatchKind = 'deck' | 'report';

export interface BatchPlan {
  per: BatchLevel;
  kind: BatchKind;
  files: { group: string; label: string; file: string }[];
  leftOut: { group: string; label: string; reason: string }[];
}

export const EXTENSIONS: Record<BatchKind, string> = { deck: 'pptx', report: 'docx' };

/** A file name from a group's label: letters (ä, ö kept), digits and hyphens. */
export function fileStem(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'ryhma';
}

/**
 * Every group of the level within the user's scope; a group whose results are hidden in every
 * chosen question, or that has no respondents, gets no file. Asked with the level as grouping, so the suppression is the same
 * one the workspace shows.
 */
export async function planBatch(request: ViewRequest, questions: readonly string[], per: BatchLevel, kind: BatchKind): Promise<BatchPlan> {
  const t = TEXTS[request.language];
  const query = { ...request.query, groupBy: per, compare: undefined };
  const visible = new Map<string, { label: string; shown: boolean; respondents: boolean; minGroup: number }>();
  for (const key of questions) {
    const result = await request.results.question(request.surveyId, key, query, request.user);
    for (const g of result.groups) {
      if (g.level !== per) continue;
      const entry = visible.get(g.key) ?? { label: localize(g.label, request.language), shown: false, respondents: false, minGroup: result.meta.suppression.minGroupSize };
      entry.shown ||= !g.suppressed && (g.n ?? 0) > 0;
      entry.respondents ||= g.suppressed || (g.n ?? 0) > 0;
      visible.set(g.key, entry);
    }
  }
  const plan: BatchPlan = { per, kind, files: [], leftOut: [] };
  for (const [group, entry] of visible) {
    if (entry.shown) plan.files.push({ group, label: entry.label, file: `${request.surveyId}-${fileStem(entry.label)}.${EXTENSIONS[kind]}` });
    else plan.leftOut.push({ group, label: entry.label, reason: entry.respondents ? t.allSuppressed(entry.minGroup) : t.noRespondents });
  }
  return plan;
}

/** The query of one group's file in a batch: that group beside the county (the county only where the user may see it). */
export function groupQuery<Q extends { groupBy?: unknown; compare?: string }>(query: Q, group: string): Q {
  return { ...query, groupBy: undefined, compare: group };
}

export const LEFT_OUT_FILE = 'jatetty-pois.txt';

/** The text file in every batch zip that says which groups got no file and why. */
export function leftOutText(plan: BatchPlan, language: Language): string {
  const t = TEXTS[language];
  const lines = [t.leftOutTitle, ''];
  if (plan.leftOut.length === 0) lines.push(t.nothingLeftOut);
  for (const l of plan.leftOut) lines.push(t.leftOut(l.label, l.reason));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Streams a zip of the plan's files: each is made only when the previous one has been written out,
 * so memory holds one file at a time. Office files are already compressed, so they are stored.
 */
export async function* batchZip(plan: BatchPlan, language: Language, make: (group: string) => Promise<Buffer>, progress?: (done: number, total: number) => void): AsyncGenerator<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else chunks.push(chunk);
  });
  const add = (name: string, data: Uint8Array) => {
    const entry = new ZipPassThrough(name);
    zip.add(entry);
    entry.push(data, true);
  };
  let done = 0;
  for (const file of plan.files) {
    add(file.file, await make(file.group));
    progress?.(++done, plan.files.length);
    if (failure) throw failure;
    yield* chunks.splice(0);
  }
  add(LEFT_OUT_FILE, new TextEncoder().encode(leftOutText(plan, language)));
  zip.end();
  if (failure) throw failure;
  yield* chunks.splice(0);
}
