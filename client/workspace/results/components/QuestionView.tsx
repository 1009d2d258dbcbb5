import { useId } from 'react';
import { useLanguage } from '../../app/i18n.tsx';
import { Link } from '../../app/Link.tsx';
import { paths } from '../../app/router.ts';
import { useApi } from '../../app/useApi.ts';
import { writeViewState, type ViewState } from '../../app/viewState.ts';
import { ChartDownloads, GroupedChartDownloads } from '../../exports/ChartDownloads.tsx';
import { DataExportPanel } from '../../exports/DataExportPanel.tsx';
import { ExportPanel } from '../../exports/ExportPanel.tsx';
import { resultsUrls } from '../api/results.ts';
import type { Category, Group, QuestionResult, Variable } from '../api/types.ts';
import { chartModel, isCharted, shownSeries, type ChartModel } from '../../../../chart/model.ts';
import { RESULT_KIND_FACETS } from '../../../../server/questions/result-kinds.ts';
import { BarChart } from './BarChart.tsx';
import { LoadState } from './LoadState.tsx';
import { MetaInfo } from './MetaInfo.tsx';
import { RESULTS_TEXTS } from '../texts.ts';
import { ENTRY_TEXTS } from '../entry-texts.ts';
import { EntryTable } from './EntryTable.tsx';

/** The seed's question: "of those who want change, the 1–3 areas where they most want it". */
const SEED_QUESTION = 'muutos_osa_alueet';

export function defaultQuestion(questions: Variable[]): string | null {
  return (questions.find((q) => q.key === SEED_QUESTION) ?? questions.find((q) => q.kind !== 'text') ?? questions[0])?.key ?? null;
}

/** The data export's needs: only admins and analysts get it (a viewer's request is refused). */
export interface DataExportAccess {
  municipalityQuestion: string | null;
  municipalities: readonly { code: string; name: string }[];
}

/** One question at a time, every group as its own chart and table; a list steps through every question. */
export function QuestionView({
  surveyId,
  state,
  update,
  questions,
  dataExport,
}: {
  surveyId: string;
  state: ViewState;
  update(change: Partial<ViewState>): void;
  questions: Variable[];
  dataExport: DataExportAccess | null;
}) {
  const { t, text } = useLanguage();
  const id = useId();
  const key = state.question && questions.some((q) => q.key === state.question) ? state.question : defaultQuestion(questions);
  const result = useApi<QuestionResult>(key ? resultsUrls.question(surveyId, key, state) : null);
  const index = questions.findIndex((q) => q.key === key);
  const step = (delta: number) => update({ question: questions[index + delta]?.key ?? key });
  return (
    <>
      <div className="question-picker">
        <div className="field">
          <label htmlFor={`${id}-q`}>{t.question}</label>
          <select id={`${id}-q`} value={key ?? ''} onChange={(e) => update({ question: e.target.value })}>
            {questions.map((q, i) => (
              <option key={q.key} value={q.key}>
                {i + 1}. {text(q.title) || q.key}
              </option>
            ))}
          </select>
        </div>
        <div className="question-picker__steps">
          <button type="button" className="button button--secondary" onClick={() => step(-1)} disabled={index <= 0}>
            ← {t.previous}
          </button>
          <button type="button" className="button button--secondary" onClick={() => step(1)} disabled={index >= questions.length - 1}>
            {t.next} →
          </button>
        </div>
      </div>
      {/* Decks and reports offer only questions with something to show (the server refuses the others). */}
      <ExportPanel surveyId={surveyId} state={state} questions={questions.filter((q) => RESULT_KIND_FACETS[q.kind].notCharted === null)} current={key} />
      {dataExport && <DataExportPanel surveyId={surveyId} state={state} questions={questions} municipalityQuestion={dataExport.municipalityQuestion} municipalities={dataExport.municipalities} />}
      <LoadState result={result}>{(data) => <QuestionResults question={data.question} groups={data.groups} meta={data.meta} surveyId={surveyId} state={state} />}</LoadState>
    </>
  );
}

/** One question's charts and tables, every group as its own panel; the overview shows many, each titled with a link (`href`) and without the meta lines. */
export function QuestionResults({
  question,
  groups,
  meta,
  surveyId,
  state,
  href,
}: {
  question: Variable;
  groups: Group[];
  meta: QuestionResult['meta'];
  surveyId: string;
  state: ViewState;
  href?: string;
}) {
  const { t, text, number, percent, language } = useLanguage();
  const r = RESULTS_TEXTS[language];
  const titleId = useId();
  const title = text(question.title) || question.key;
  const weighted = meta.weighting !== null;
  // One chart model for every panel of the question (and the same as the files'): one order of the answers, one axis, so their bars compare.
  const chart = isCharted(question.kind) ? chartModel({ meta, question, groups }, text) : null;
  // What the kind has (a chart, a table, or only a count and the reason why) is the registry's.
  const facets = RESULT_KIND_FACETS[question.kind];
  return (
    <article className="question" aria-labelledby={titleId} data-question={question.key}>
      <h3 id={titleId} className="question__title">
        {href ? <Link href={href}>{title}</Link> : title}
      </h3>
      {question.subtitle && <p className="hint">{text(question.subtitle)}</p>}
      {!href && <MetaInfo meta={meta} />}
      {!href && facets.tabulated && <ChartDownloads surveyId={surveyId} question={question.key} state={state} chart={facets.chartable} />}
      {question.entries && <p className="hint" data-testid="entry-unit">{ENTRY_TEXTS[language].perRespondent(question.entries.unit)}</p>}
      {question.kind === 'multi' && <p className="hint">{t.multiNote} {groups.length > 1 ? r.countyOrder : t.sortedNote}</p>}
      {facets.chartable && <p className="hint">{t.legendCi}</p>}
      {groups.length === 0 && <p>{t.noGroups}</p>}
      {facets.notCharted ? (
        <p className="not-charted">{t.notCharted[facets.notCharted](groups[0]?.n === null ? t.suppressed : number(groups[0]?.n ?? 0))}</p>
      ) : question.kind === 'text' ? (
        <p>
          {t.openQuestion(number(groups[0]?.n ?? 0))}{' '}
          <Link href={paths.survey(surveyId, 'open', writeViewState({ ...state, open: question.key }))}>{t.readAnswers}</Link>
        </p>
      ) : (
        <>
        {chart && shownSeries(chart).length > 1 && (
          // A comparison also as one chart: the groups' bars side by side under each answer.
          <section className="grouped-chart" aria-labelledby={`${titleId}-grouped`} data-testid="grouped-chart">
            <h4 id={`${titleId}-grouped`}>{r.groupedTitle}</h4>
            <p className="hint">{r.groupedHint}</p>
            <BarChart
              grouped
              model={chart}
              series={chart.series}
              label={r.groupedLabel(title)}
              texts={{
                value: (bar) => percent(bar.percent!),
                hidden: () => t.suppressed,
                tick: (v) => percent(v, 0),
                heading: (s) => (s.n === null ? s.label : `${s.label} (n = ${number(s.n)})`),
                hiddenSeries: () => t.suppressedGroup,
              }}
            />
            {!href && <GroupedChartDownloads surveyId={surveyId} question={question.key} state={state} />}
          </section>
        )}
        <div className={`panels panels--${Math.min(groups.length, 3)}`}>
          {groups.map((g, i) => (
            <GroupPanel key={g.key} group={g} question={question} questionTitle={title} weighted={weighted} chart={chart} series={i} suppression={meta.suppression} filtered={state.filters.length > 0} />
          ))}
        </div>
        </>
      )}
    </article>
  );
}

function GroupPanel({
  group,
  question,
  questionTitle,
  weighted,
  chart,
  series,
  suppression,
  filtered,
}: {
  group: Group;
  question: Variable;
  questionTitle: string;
  weighted: boolean;
  /** The question's chart, null for numbers and open answers; `series` is this group's index in it. */
  chart: ChartModel | null;
  series: number;
  suppression: { minGroupSize: number; minCellSize: number };
  /** The view has filters: a group hidden as small may be small only because of them. */
  filtered: boolean;
}) {
  const { t, text, number, percent, language } = useLanguage();
  const id = useId();
  const name = text(group.label);
  const nText = group.n === null ? '' : `n = ${number(group.n)}`;
  const heading = `${name}${nText ? ` (${nText}${weighted && group.weightedN ? `; ${t.weightedN} ${number(group.weightedN)}` : ''})` : ''}`;
  const explain = (reason: Category['suppression']) => (reason === 'small_group' ? t.reason.small_group(suppression.minGroupSize) : reason === 'complementary' ? t.reason.complementary() : t.reason.small_cell(suppression.minCellSize));

  if (group.suppressed) {
    return (
      <section className="panel panel--suppressed" aria-labelledby={`${id}-h`} data-group={group.key}>
        <h4 id={`${id}-h`}>{name}</h4>
        <p>
          <strong>{t.suppressedGroup}.</strong> {explain(group.suppression ?? 'small_group')}
        </p>
        {filtered && group.level !== 'county' && (group.suppression ?? 'small_group') === 'small_group' && (
          <p className="hint" data-testid="hidden-by-filter">{RESULTS_TEXTS[language].hiddenByFilter(name, suppression.minGroupSize)}</p>
        )}
      </section>
    );
  }

  const bars = chart?.series[series];
  // The table lists the answers in the chart's order.
  const order = new Map(bars?.bars.map((b, i) => [b.value, i]));
  const categories = [...(group.categories ?? [])].sort((a, b) => (order.get(a.value) ?? order.size) - (order.get(b.value) ?? order.size));
  const chartTitle = `${questionTitle} – ${heading}`;
  return (
    <section className="panel" aria-labelledby={`${id}-h`} data-group={group.key}>
      <h4 id={`${id}-h`} className="panel__title">
        {name} <span className="panel__n">({nText}{weighted && group.weightedN ? `; ${t.weightedN} ${number(group.weightedN)}` : ''})</span>
      </h4>
      {question.kind === 'rating' && group.rating && (
        <p className="rating-summary">
          {t.rating(
            group.rating.mean === null ? t.suppressed : number(group.rating.mean, 2),
            group.rating.median === null ? t.suppressed : number(group.rating.median, 1),
            group.rating.topTwo ? `${percent(group.rating.topTwo.percent)} (${percent(group.rating.topTwo.ci.lower)}–${percent(group.rating.topTwo.ci.upper)})` : t.suppressed,
          )}
          {group.rating.weighted &&
            ` · ${t.weightedMean(number(group.rating.weighted.mean, 2), group.rating.weighted.ci ? `${number(group.rating.weighted.ci.lower, 2)}–${number(group.rating.weighted.ci.upper, 2)}` : null)}`}
        </p>
      )}
      <div className="panel__body">
        {chart && bars && bars.bars.length > 0 && (
          <BarChart model={chart} series={bars} label={t.chartOf(chartTitle)} texts={{ value: (bar) => percent(bar.percent!), hidden: () => t.suppressed, tick: (v) => percent(v, 0) }} />
        )}
        <div className="table-wrap" role="region" aria-labelledby={`${id}-cap`} tabIndex={0}>
          {question.kind === 'number' && group.numbers ? (
            <table className="data-table">
              <caption id={`${id}-cap`}>{chartTitle}</caption>
              <tbody>
                {(['mean', 'sd', 'median', 'q1', 'q3', 'min', 'max'] as const).map((k) => (
                  <tr key={k}>
                    <th scope="row">{t.numbers[k]}</th>
                    <td className="num">{group.numbers![k] === null ? t.suppressed : number(group.numbers![k]!, 2)}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t.numbers.missing}</th>
                  <td className="num">{number(group.numbers.missing)}</td>
                </tr>
              </tbody>
            </table>
          ) : question.kind === 'ranking' ? (
            <table className="data-table">
              <caption id={`${id}-cap`}>{chartTitle}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.category}</th>
                  <th scope="col" className="num">{t.ranking.ranked}</th>
                  <th scope="col" className="num">{t.ranking.meanPosition}</th>
                  <th scope="col" className="num">{t.ranking.firstPercent}</th>
                </tr>
              </thead>
              <tbody>
                {(group.ranking ?? []).map((r) => (
                  <tr key={r.value}>
                    <th scope="row">{text(r.label)}</th>
                    <td className="num">{number(r.ranked)}</td>
                    <td className="num">{r.meanPosition === null ? t.suppressed : number(r.meanPosition, 2)}</td>
                    <td className="num">{r.firstPercent === null ? t.suppressed : percent(r.firstPercent)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <table className="data-table">
              <caption id={`${id}-cap`}>{chartTitle}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.category}</th>
                  <th scope="col" className="num">{t.count}</th>
                  <th scope="col" className="num">{t.percent}</th>
                  <th scope="col" className="num">{t.ci}</th>
                  {weighted && (
                    <>
                      <th scope="col" className="num">{t.weightedPercent}</th>
                      <th scope="col" className="num">{t.weightedCi}</th>
                    </>
                  )}
                </tr>
              </thead>
              <tbody>
                {categories.map((c) => (
                  <tr key={c.value} className={c.suppressed ? 'is-suppressed' : undefined}>
                    <th scope="row">{text(c.label)}</th>
                    {c.suppressed ? (
                      <td colSpan={weighted ? 5 : 3} className="suppressed-cell">
                        <strong>{t.suppressed}</strong>: {explain(c.suppression)}
                      </td>
                    ) : (
                      <>
                        <td className="num">{c.count === null ? '–' : number(c.count)}</td>
                        <td className="num">{c.percent === null ? '–' : percent(c.percent)}</td>
                        <td className="num">{c.ci ? `${percent(c.ci.lower)}–${percent(c.ci.upper)}` : '–'}</td>
                        {weighted && (
                          <>
                            <td className="num">{c.weighted ? percent(c.weighted.percent) : '–'}</td>
                            <td className="num">{c.weighted ? `${percent(c.weighted.ci.lower)}–${percent(c.weighted.ci.upper)}` : '–'}</td>
                          </>
                        )}
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{weighted ? t.unweightedN : t.n}</th>
                  <td className="num">{group.n === null ? '–' : number(group.n)}</td>
                  <td colSpan={weighted ? 4 : 2}>{weighted && group.weightedN ? `${t.weightedN} ${number(group.weightedN)}` : ''}</td>
                </tr>
              </tfoot>
            </table>
          )}
        </div>
      </div>
      {group.entries && <EntryTable entries={group.entries} title={questionTitle} />}
    </section>
  );
}
