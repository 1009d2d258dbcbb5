import { useEffect, useId, useState, type FormEvent } from 'react';
import type { User } from '../../auth/api/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import { useApi } from '../../app/useApi.ts';
import type { ViewState } from '../../app/viewState.ts';
import { resultsUrls } from '../api/results.ts';
import type { OpenAnswers, Variable } from '../api/types.ts';
import { defaultGroup, type Places } from '../model.ts';
import { GroupSelect } from './GroupSelect.tsx';
import { LoadState } from './LoadState.tsx';
import { MetaInfo } from './MetaInfo.tsx';

const PAGE = 50;

/**
 * A question's open answers, searchable, for one group and the filters above. Answers are text:
 * they are React text children only, never markup (no dangerouslySetInnerHTML anywhere here).
 */
export function OpenAnswersView({
  surveyId,
  state,
  update,
  questions,
  places,
  user,
}: {
  surveyId: string;
  state: ViewState;
  update(change: Partial<ViewState>, options?: { replace?: boolean }): void;
  questions: Variable[];
  places: Places;
  user: User;
}) {
  const { t, text } = useLanguage();
  const id = useId();
  const open = questions.filter((q) => q.kind === 'text');
  // An "other, what?" text is a side note of a choice question: the survey's own open questions come first.
  const question = state.open && open.some((q) => q.key === state.open) ? state.open : (open.find((q) => !q.key.endsWith('-Comment')) ?? open[0])?.key ?? null;
  const group = state.group ?? defaultGroup(user);
  const [limit, setLimit] = useState(PAGE);
  const [typed, setTyped] = useState(state.search);
  useEffect(() => setTyped(state.search), [state.search]);
  useEffect(() => setLimit(PAGE), [question, group, state.search]);
  const result = useApi<OpenAnswers>(question ? resultsUrls.open(surveyId, question, state, group === 'county' ? null : group, limit) : null);
  const search = (event: FormEvent) => {
    event.preventDefault();
    update({ search: typed.trim() });
  };
  if (!question) return <p>{t.noOpenQuestions}</p>;
  return (
    <>
      <div className="open-pickers">
        <div className="field">
          <label htmlFor={`${id}-q`}>{t.openQuestionLabel}</label>
          <select id={`${id}-q`} value={question} onChange={(e) => update({ open: e.target.value })}>
            {open.map((q) => (
              <option key={q.key} value={q.key}>
                {text(q.title) || q.key}
              </option>
            ))}
          </select>
        </div>
        <GroupSelect id={`${id}-group`} value={group} onChange={(g) => update({ group: g })} places={places} user={user} />
        <form role="search" className="search-form" onSubmit={search}>
          <div className="field">
            <label htmlFor={`${id}-search`}>{t.searchLabel}</label>
            <input id={`${id}-search`} type="search" value={typed} onChange={(e) => setTyped(e.target.value)} maxLength={200} />
          </div>
          <button type="submit" className="button">
            {t.search}
          </button>
        </form>
      </div>
      <p className="hint">{t.openNote}</p>
      <LoadState result={result}>
        {(data) => (
          <section aria-labelledby={`${id}-h`}>
            <h3 id={`${id}-h`}>{text(data.question.title)}</h3>
            <MetaInfo meta={data.meta} />
            {data.suppressed ? (
              <p className="notice notice--warn">{t.openSuppressed}</p>
            ) : data.answers.length === 0 ? (
              <p role="status">{t.openNone}</p>
            ) : (
              <>
                <p role="status">{t.openCount(data.answers.length, String(data.n ?? data.answers.length))}</p>
                <ol className="open-answers" data-testid="open-answers">
                  {data.answers.map((answer, i) => (
                    <li key={i}>{answer}</li>
                  ))}
                </ol>
                {data.n !== null && data.answers.length < data.n && data.answers.length >= limit && limit < 1000 && (
                  <button type="button" className="button button--secondary" onClick={() => setLimit(Math.min(1000, limit + PAGE * 4))}>
                    {t.showMore}
                  </button>
                )}
              </>
            )}
          </section>
        )}
      </LoadState>
    </>
  );
}
