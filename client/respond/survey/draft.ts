// The answers being filled in, kept in this browser per survey and version (with the page the
// respondent is on), so that a reload or a closed tab does not lose them.
import { keysStartingWith, readJson, remove, writeJson } from '../../common/storage.ts';

export interface Draft {
  readonly data: Record<string, unknown>;
  readonly page: number;
  readonly startedAt: string;
}

export const draftKey = (surveyId: string, version: number) => `draft:${surveyId}:${version}`;

export function saveDraft(surveyId: string, version: number, draft: Draft): void {
  writeJson(draftKey(surveyId, version), draft);
}

/**
 * The draft of this version, or else one of an earlier version of the same survey (the file was
 * changed while the respondent was away): its answers are offered to the new version, which keeps
 * the ones that still fit, and the old draft is dropped.
 */
export function loadDraft(surveyId: string, version: number): { draft: Draft; sameVersion: boolean } | null {
  const current = readJson<Draft>(draftKey(surveyId, version));
  if (current && typeof current.data === 'object') return { draft: current, sameVersion: true };
  for (const key of keysStartingWith(`draft:${surveyId}:`)) {
    const older = readJson<Draft>(key);
    remove(key);
    if (older && typeof older.data === 'object') return { draft: { ...older, page: 0 }, sameVersion: false };
  }
  return null;
}
