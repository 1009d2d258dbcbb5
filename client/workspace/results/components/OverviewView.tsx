import { useId } from 'react';
import { useLanguage } from '../../app/i18n.tsx';
import { Link } from '../../app/Link.tsx';
import { paths } from '../../app/router.ts';
import { useApi } from '../../app/useApi.ts';
import { writeViewState, type ViewState } from '../../app/viewState.ts';
import { resultsUrls } from '../api/results.ts';
import type { Group, SummaryResult, Variable } from '../api/types.ts';
import { RESULT_KIND_FACETS } from '../../../../server/questions/result-kinds.ts';
import { LoadState } from './LoadState.tsx';
import { MetaInfo } from './MetaInfo.tsx';
import { QuestionResults } from './QuestionView.tsx';

/** Every question of the survey one after another (the summary route), with the view's filters, grouping, comparison and weighting. */
export function OverviewView({ surveyId, state }: { surveyId: string; state: ViewState }) {
  const result = useApi<SummaryResult>(resultsUrls.summary(surveyId, state));
  return (
    <LoadState result={result}>
      {(data) => (
        <div className="overview" data-testid="overview">
          <MetaInfo meta={data.meta} />
          {data.questions.map(({ question, groups }) => {
            const href = paths.survey(surveyId, 'results', writeViewState({ ...state, question: question.key }));
            // Kinds without bars (numbers, open answers, repeated answers, files) take a compact table of each group's n.
            return !RESULT_KIND_FACETS[question.kind].chartable ? (
              <CompactQuestion key={question.key} question={question} groups={groups} href={href} surveyId={surveyId} state={state} />
            ) : (
              <QuestionResults key={question.key} question={question} groups={groups} meta={data.meta} surveyId={surveyId} state={state} href={href} />
            );
          })}
        </div>
      )}
    </LoadState>
  );
}

/** A number or open question: each group's n (and the statistics of a number) in one small table. */
function CompactQuestion({ question, groups, href, surveyId, state }: { question: Variable; groups: Group[]; href: string; surveyId: string; state: ViewState }) {
  const { t, text, number } = useLanguage();
  const id = useId();
  const title = text(question.title) || question.key;
  const stats = ['mean', 'sd', 'median', 'min', 'max'] as const;
  const columns = question.kind === 'number' ? stats.length + 2 : 1;
  const value = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? t.suppressed : number(v, digits));
  return (
    <article className="question question--compact" aria-labelledby={`${id}-h`} data-question={question.key}>
      <h3 id={`${id}-h`} className="question__title">
        <Link href={href}>{title}</Link>
      </h3>
      {question.subtitle && <p className="hint">{text(question.subtitle)}</p>}
      {groups.length === 0 ? (
        <p>{t.noGroups}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby={`${id}-cap`} tabIndex={0}>
          <table className="data-table data-table--compact">
            <caption id={`${id}-cap`}>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t.group}</th>
                <th scope="col" className="num">
                  {t.n}
                </th>
                {question.kind === 'number' && (
                  <>
                    {stats.map((k) => (
                      <th scope="col" className="num" key={k}>
                        {t.numbers[k]}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      {t.numbers.missing}
                    </th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key} data-group={g.key} className={g.suppressed ? 'is-suppressed' : undefined}>
                  <th scope="row">{text(g.label)}</th>
                  {g.suppressed ? (
                    <td colSpan={columns} className="suppressed-cell">
                      {t.suppressedGroup}
                    </td>
                  ) : (
                    <>
                      <td className="num">{g.n === null ? '–' : number(g.n)}</td>
                      {question.kind === 'number' && (
                        <>
                          {stats.map((k) => (
                            <td className="num" key={k}>
                              {value(g.numbers?.[k])}
                            </td>
                          ))}
                          <td className="num">{g.numbers ? number(g.numbers.missing) : '–'}</td>
                        </>
                      )}
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {RESULT_KIND_FACETS[question.kind].notCharted && (
        <p className="hint not-charted">{t.notCharted[RESULT_KIND_FACETS[question.kind].notCharted!](groups[0]?.n === null || groups[0] === undefined ? t.suppressed : number(groups[0].n))}</p>
      )}
      {question.kind === 'text' && (
        <p>
          <Link href={paths.survey(surveyId, 'open', writeViewState({ ...state, open: question.key }))}>
            {t.readAnswers}
            {/* Many such links on one page: each says whose answers it opens. */}
            <span className="visually-hidden">: {title}</span>
          </Link>
        </p>
      )}
    </article>
  );
}
