import { useEffect, type ReactNode } from 'react';
import { useLanguage } from '../../app/i18n.tsx';
import type { Loaded } from '../../app/useApi.ts';

/** Shows the data when there is some (dimmed while the next loads), else the loading or error message. */
export function LoadState<T>({ result, children }: { result: Loaded<T> & { reload(): void }; children: (data: T) => ReactNode }) {
  const { t } = useLanguage();
  // While the server builds a survey's results index it answers 503 with how far it has come: show
  // that and ask again shortly, as its Retry-After says, instead of an error.
  const preparing = result.state === 'error' && result.code === 'results_preparing';
  const { reload } = result;
  useEffect(() => {
    if (!preparing) return;
    const timer = setTimeout(reload, 2000);
    return () => clearTimeout(timer);
  }, [preparing, reload, result]);
  if (preparing) {
    const percent = /\((\d+) %\)/.exec(result.detail ?? '')?.[1];
    return (
      <p className="loading" role="status">
        {t.resultsPreparing}
        {percent === undefined ? '' : ` ${percent} %`}
      </p>
    );
  }
  if (result.state === 'error') {
    return (
      <div className="notice notice--error" role="alert">
        <p>{result.status === 403 ? t.forbidden : t.loadFailed}</p>
        {result.status !== 403 && (
          <button type="button" className="button button--secondary" onClick={result.reload}>
            {t.tryAgain}
          </button>
        )}
      </div>
    );
  }
  if (result.data === null) {
    return (
      <p className="loading" role="status">
        {t.loading}
      </p>
    );
  }
  return (
    <div className={result.state === 'loading' ? 'is-updating' : undefined} aria-busy={result.state === 'loading'}>
      {children(result.data)}
    </div>
  );
}
