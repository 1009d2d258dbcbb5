// The author's unsaved copy of a draft in this browser's localStorage, kept until a save succeeds.
// Not common/storage.ts: sharing that module with the respondent's page would split it into a
// chunk of its own there (one more request for every respondent on a weak line).
import type { SurveyFile } from './tab.ts';

/** The file the author is writing and the revision it began from. */
export interface LocalCopy {
  readonly revision: number;
  readonly file: SurveyFile;
}

const key = (draftId: string) => `kuulo:authoring:${draftId}`;

export function readLocalCopy(draftId: string): LocalCopy | null {
  try {
    const raw = window.localStorage.getItem(key(draftId));
    const parsed = raw ? (JSON.parse(raw) as LocalCopy) : null;
    return parsed && typeof parsed.revision === 'number' && typeof parsed.file === 'object' && parsed.file !== null ? parsed : null;
  } catch {
    return null;
  }
}

/** False when the browser would not keep it (private mode, full): the editor then only has the server's copy. */
export function writeLocalCopy(draftId: string, copy: LocalCopy): boolean {
  try {
    window.localStorage.setItem(key(draftId), JSON.stringify(copy));
    return true;
  } catch {
    return false;
  }
}

export function dropLocalCopy(draftId: string): void {
  try {
    window.localStorage.removeItem(key(draftId));
  } catch {
    // nothing kept, nothing to drop
  }
}
