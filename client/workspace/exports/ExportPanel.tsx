// Decks and reports of the current view: pick questions, download one file, or one file per
// municipality or area zipped in the browser with the progress shown (k of N and a bar).
import { useId, useRef, useState } from 'react';
import { useLanguage } from '../app/i18n.tsx';
import type { ViewState } from '../app/viewState.ts';
import type { Variable } from '../results/api/types.ts';
import { exportUrls, type BatchLevel, type DocumentKind } from './api.ts';
import { runBatch, saveBlob } from './batch.ts';
import { EXPORT_TEXTS } from './texts.ts';
import './exports.css';

/** The server's limit (server/exports/results/index.ts MAX_QUESTIONS). */
const MAX_QUESTIONS = 40;

type Status = { state: 'idle' } | { state: 'planning' } | { state: 'running'; done: number; total: number } | { state: 'done'; files: number; leftOut: number } | { state: 'error'; message: string } | { state: 'cancelled' };

export function ExportPanel({ surveyId, state, questions, current }: { surveyId: string; state: ViewState; questions: Variable[]; current: string | null }) {
  const { language, text } = useLanguage();
  const t = EXPORT_TEXTS[language];
  const id = useId();
  const [chosen, setChosen] = useState<string[]>(current ? [current] : []);
  const [kind, setKind] = useState<DocumentKind>('deck');
  const [per, setPer] = useState<BatchLevel>('municipality');
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const ordered = questions.filter((q) => chosen.includes(q.key)).map((q) => q.key);
  const problem = ordered.length === 0 ? t.chooseQuestions : ordered.length > MAX_QUESTIONS ? t.tooMany(MAX_QUESTIONS) : null;
  const running = status.state === 'planning' || status.state === 'running';

  async function batch() {
    const controller = new AbortController();
    abort.current = controller;
    setStatus({ state: 'planning' });
    try {
      const { zip, plan } = await runBatch(
        exportUrls.plan(surveyId, kind, per, ordered, state, language),
        (group) => exportUrls.groupDocument(surveyId, kind, group, ordered, state, language),
        { leftOut: t.leftOut, nothingLeftOut: t.nothingLeftOut },
        (done, total) => setStatus({ state: 'running', done, total }),
        controller.signal,
      );
      saveBlob(zip, `${surveyId}-${kind === 'deck' ? 'diat' : 'raportit'}-${per}.zip`);
      setStatus({ state: 'done', files: plan.files.length, leftOut: plan.leftOut.length });
    } catch (error) {
      if (controller.signal.aborted) setStatus({ state: 'cancelled' });
      else setStatus({ state: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <details className="export-panel">
      <summary>{t.panel}</summary>
      <p className="hint">{t.panelHint}</p>
      <fieldset className="export-panel__questions">
        <legend>{t.questions}</legend>
        <p>
          <button type="button" className="button button--secondary button--small" onClick={() => setChosen(questions.slice(0, MAX_QUESTIONS).map((q) => q.key))}>
            {t.all}
          </button>{' '}
          <button type="button" className="button button--secondary button--small" onClick={() => setChosen([])}>
            {t.none}
          </button>
        </p>
        <ul className="export-panel__list">
          {questions.map((q, i) => (
            <li key={q.key}>
              <label>
                <input type="checkbox" name="export-question" value={q.key} checked={chosen.includes(q.key)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, q.key] : c.filter((k) => k !== q.key)))} />{' '}
                {i + 1}. {text(q.title) || q.key}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset>
        <legend>{t.kind}</legend>
        {(['deck', 'report'] as const).map((k) => (
          <label key={k} className="export-panel__choice">
            <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} /> {t[k]}
          </label>
        ))}
      </fieldset>
      {problem ? (
        <p className="hint" role="status">{problem}</p>
      ) : (
        <p>
          <a className="button" href={exportUrls.document(surveyId, kind, ordered, state, language)} download>
            {t.download}: {t[kind]}
          </a>
        </p>
      )}
      <div className="export-panel__batch">
        <label htmlFor={`${id}-per`}>{t.batch}</label>{' '}
        <select id={`${id}-per`} value={per} onChange={(e) => setPer(e.target.value as BatchLevel)} disabled={running}>
          <option value="municipality">{t.per.municipality}</option>
          <option value="area">{t.per.area}</option>
        </select>{' '}
        <button type="button" className="button button--secondary" disabled={problem !== null || running} onClick={batch}>
          {t.startBatch}
        </button>{' '}
        {running && (
          <button type="button" className="button button--secondary button--small" onClick={() => abort.current?.abort()}>
            {t.cancel}
          </button>
        )}
        <div className="export-panel__progress" aria-live="polite">
          {status.state === 'planning' && <p>{t.planning}</p>}
          {status.state === 'running' && (
            <p>
              <progress max={Math.max(1, status.total)} value={status.done} aria-label={t.progress(status.done, status.total)} /> <span data-progress>{t.progress(status.done, status.total)}</span>
            </p>
          )}
          {status.state === 'done' && <p role="status">{t.done(status.files, status.leftOut)}</p>}
          {status.state === 'cancelled' && <p role="status">{t.cancelled}</p>}
          {status.state === 'error' && (
            <p className="error" role="alert">
              {t.failed}: {status.message}
            </p>
          )}
        </div>
      </div>
    </details>
  );
}
