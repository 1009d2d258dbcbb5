// One random id per answering session and survey, so the server can count started answers and see
// the page where unfinished ones stop without knowing who anyone is. Kept in sessionStorage: a
// reload continues the same session, a new tab or a new day is a new one.
const key = (surveyId: string) => `kuulo:attempt:${surveyId}`;

function session(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function attemptId(surveyId: string): string {
  const storage = session();
  try {
    const existing = storage?.getItem(key(surveyId));
    if (existing) return existing;
  } catch {
    // unreadable storage: a fresh id, only the counting is less exact
  }
  const id = crypto.randomUUID();
  try {
    storage?.setItem(key(surveyId), id);
  } catch {
    // as above
  }
  return id;
}

/** The answer is submitted: the next answer in this tab is a new session. */
export function endAttempt(surveyId: string): void {
  try {
    session()?.removeItem(key(surveyId));
  } catch {
    // nothing kept, nothing to remove
  }
}
