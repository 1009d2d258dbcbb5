// Loading data for a view: the latest request wins, an older answer arriving late is dropped.
import { useCallback, useEffect, useState } from 'react';
import { ApiProblem } from '../../common/session.ts';
import { sessionGet } from '../../common/session.ts';

export type Loaded<T> =
  | { state: 'loading'; data: T | null }
  | { state: 'ok'; data: T }
  | { state: 'error'; data: T | null; status: number | null; code: string; message: string; detail?: string };

/** GETs `url` (nothing while it is null); `reload` asks again. The previous data stays while the next loads. */
export function useApi<T>(url: string | null): Loaded<T> & { reload(): void } {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading', data: null });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (url === null) return;
    let current = true;
    setResult((previous) => ({ state: 'loading', data: previous.data }));
    sessionGet<T>(url).then(
      (data) => current && setResult({ state: 'ok', data }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiProblem) {
          if (error.status === 401) window.dispatchEvent(new Event('workspace:signed-out'));
          setResult({ state: 'error', data: null, status: error.status, code: error.error.code, message: error.error.message, detail: error.error.detail });
        } else setResult({ state: 'error', data: null, status: null, code: 'network', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [url, attempt]);
  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  return { ...result, reload };
}
