// The trend tab: one question over the waves of the survey's series (GET /api/results/:survey/trend)
// for the places the sidebar chooses (the county, areas, municipalities, or a comparison), as the
// shared line chart (chart/TrendChart.tsx, the one the files are drawn with), a table per place of
// each wave's estimate, interval and n, and the change between waves in figures and in words. What
// is left out as not comparable, recoded, or hidden is said in words beside it.
import { useEffect, useId, useRef, useState } from 'react';
import { queryString } from '../../../common/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import { useApi } from '../../app/useApi.ts';
import type { ViewState } from '../../app/viewState.ts';
import type { TrendChange, TrendResult } from '../../../../server/results/trend-schemas.ts';
import type { Variable } from '../api/types.ts';
import { TrendChart } from '../../../../chart/TrendChart.tsx';
import { trendModel, type TrendModel, type TrendSeries } from '../../../../chart/trend-model.ts';
import { LoadState } from '../components/LoadState.tsx';
import { TREND_TEXTS } from './texts.ts';
import { exportUrls } from '../../exports/api.ts';
import { EXPORT_TEXTS } from '../../exports/texts.ts';

/** The kinds the trend API takes: percentages of choices, means of ratings and numbers. */
const TRENDABLE = new Set(['single', 'multi', 'rating', 'number']);
const SEED_QUESTION = 'muutos_osa_alueet';

/** The trend's address: the sidebar's places and weighting (the trend takes no filters, channels or dates). */
export function trendUrl(survey: string, question: string, state: ViewState): string {
  return `/api/results/${encodeURIComponent(survey)}/trend${queryString({
    question,
    groupBy: state.groupBy === 'county' ? null : state.groupBy,
    compare: state.compare.length ? state.compare.join(',') : null,
    weights: state.weighted ? 'population' : null,
    se: state.weighted && state.intervals === 'fixed' ? 'fixed' : null,
  })}`;
}

export function TrendView({ surveyId, state, update, questions }: { surveyId: string; state: ViewState; update(change: Partial<ViewState>): void; questions: Variable[] }) {
  const { t, text, language } = useLanguage();
  const w = TREND_TEXTS[language];
  const id = useId();
  const choices = questions.filter((q) => TRENDABLE.has(q.kind));
  const key = state.question && choices.some((q) => q.key === state.question) ? state.question : (choices.find((q) => q.key === SEED_QUESTION) ?? choices[0])?.key ?? null;
  const result = useApi<TrendResult>(key ? trendUrl(surveyId, key, state) : null);
  const refusal = result.state === 'error' && (result.code === 'not_in_series' || result.code === 'not_trendable') ? result : null;
  return (
    <section className="trend" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{w.heading}</h3>
      <p className="hint">{w.intro}</p>
      {/* The sidebar says its choices apply everywhere; the trend cannot take these, and says so rather than ignore them silently. */}
      {(state.filters.length > 0 || state.channels.length > 0 || state.from !== null || state.to !== null) && (
        <p className="notice notice--warn" data-testid="trend-filters-ignored">
          {w.filtersIgnored}
        </p>
      )}
      <div className="question-picker">
        <div className="field">
          <label htmlFor={`${id}-q`}>{t.question}</label>
          <select id={`${id}-q`} value={key ?? ''} onChange={(e) => update({ question: e.target.value })}>
            {choices.map((q, i) => (
              <option key={q.key} value={q.key}>
                {i + 1}. {text(q.title) || q.key}
              </option>
            ))}
          </select>
        </div>
      </div>
      {refusal ? (
        <div className="notice" role="status" data-testid="trend-refusal">
          <p>{refusal.code === 'not_in_series' ? w.notInSeries : `${w.notTrendable} ${refusal.message}`}</p>
        </div>
      ) : (
        <LoadState result={result}>{(data) => <TrendResults key={`${data.question.key}`} data={data} surveyId={surveyId} state={state} />}</LoadState>
      )}
    </section>
  );
}

function useWidth<T extends HTMLElement>(initial = 640) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(280, Math.floor(entry.contentRect.width))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

/** The category shown by default: the one largest in the latest wave in the first shown place. */
function defaultCategory(data: TrendResult): string | null {
  const lines = data.groups.find((g) => !g.suppressed)?.lines ?? [];
  let best: { value: string; estimate: number } | null = null;
  for (const line of lines) {
    const last = [...line.points].reverse().find((p) => p.estimate !== null);
    if (last && (best === null || last.estimate! > best.estimate)) best = { value: line.value, estimate: last.estimate! };
  }
  return best?.value ?? lines[0]?.value ?? null;
}

const ALL = '*';

function TrendResults({ data, surveyId, state }: { data: TrendResult; surveyId: string; state: ViewState }) {
  const { t, text, number, percent, language } = useLanguage();
  const w = TREND_TEXTS[language];
  const id = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  const [ref, width] = useWidth<HTMLDivElement>();
  const title = text(data.question.title) || data.question.key;
  const mean = data.meta.measure === 'mean';
  const lines = data.groups.find((g) => !g.suppressed)?.lines ?? data.groups[0]?.lines ?? [];
  const category = chosen !== null && (chosen === ALL || lines.some((l) => l.value === chosen)) ? chosen : defaultCategory(data);
  const oneGroup = data.groups.length === 1;
  const figure = (v: number) => (mean ? number(v, 2) : percent(v));
  const waveOf = (survey: string) => data.waves.find((x) => x.survey === survey)?.wave ?? survey;

  const notes = (
    <ul className="trend__notes" data-testid="trend-notes">
      {data.meta.intervals !== 'srs' && <li>{w.weighted}</li>}
      {data.waves.filter((x) => !x.included).map((x) => (
        <li key={x.survey} data-testid="trend-left-out">{w.leftOut(x.wave, x.reason ?? w.notComparableWave)}</li>
      ))}
      {data.waves.filter((x) => x.included && Object.keys(x.recoded).length > 0).map((x) => (
        <li key={`r-${x.survey}`}>{w.recoded(x.wave, Object.entries(x.recoded).map(([from, to]) => `${from} → ${labelOf(data, to, text)}`).join(', '))}</li>
      ))}
      {data.waves.filter((x) => x.synthetic > 0).map((x) => (
        <li key={`s-${x.survey}`}>{w.synthetic(x.wave, number(x.synthetic))}</li>
      ))}
    </ul>
  );
  if (!data.comparable) {
    return (
      <div data-testid="trend-not-comparable">
        <div className="notice" role="status">
          <p>
            {w.notComparable} {data.reason}
          </p>
        </div>
        {notes}
      </div>
    );
  }

  const model: TrendModel = trendModel(data, text, category === ALL || category === null ? { group: data.groups[0]?.key } : { category });
  const what = model.by === 'place' ? (model.category?.label ?? '') : model.series[0] ? placeLabel(data, model.series[0].group, text) : '';
  const included = data.waves.filter((x) => x.included).map((x) => x.wave);
  return (
    <div data-testid="trend">
      {!mean && lines.length > 1 && (
        <div className="field">
          <label htmlFor={`${id}-c`}>{w.category}</label>
          <select id={`${id}-c`} value={category ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {lines.map((l) => (
              <option key={l.value} value={l.value}>
                {text(l.label) || l.value}
              </option>
            ))}
            {oneGroup && <option value={ALL}>{w.allCategories}</option>}
          </select>
        </div>
      )}
      <div ref={ref} className="chart trend__chart">
        <TrendChart
          model={model}
          width={width}
          layout="screen"
          idPrefix={`${id}-chart`}
          title={w.chartLabel(title, what)}
          desc={w.chartDesc(included.join(', '), model.series.map((s) => s.label).join(', '))}
          texts={{
            value: figure,
            tick: (v) => (mean ? number(v, 1) : percent(v, 0)),
            n: (n) => `n = ${number(n)}`,
            notComparable: w.notComparableWave,
            hiddenPoint: (s, p) => w.hiddenPoint(s.label, p.wave),
            hiddenSeries: () => w.hiddenSeries,
          }}
        />
      </div>
      {/* Several places are drawn one category at a time: without one (every place hidden) there is no picture. */}
      <TrendDownloads surveyId={surveyId} question={data.question.key} state={state} category={category === ALL ? null : category} pictures={oneGroup || (category !== null && category !== ALL)} />
      {notes}
      {model.series.map((s) => (
        <SeriesTable key={s.key} data={data} series={s} title={title} figure={figure} waveOf={waveOf} />
      ))}
      <p className="hint">{t.suppressionRule(data.meta.suppression.minGroupSize, data.meta.suppression.minCellSize)}</p>
    </div>
  );
}

/** The trend on screen as files: the chart as SVG and PNG (the category shown), and the question's deck with its trend slide. Plain links: the session cookie goes with them. */
function TrendDownloads({ surveyId, question, state, category, pictures }: { surveyId: string; question: string; state: ViewState; category: string | null; pictures: boolean }) {
  const { language } = useLanguage();
  const t = EXPORT_TEXTS[language];
  return (
    <p className="export-links" data-exports={`${question}-trend`}>
      <span className="export-links__label">{t.downloads}:</span>
      {pictures && (['svg', 'png'] as const).map((format) => (
        <a key={format} className="button button--secondary button--small" href={exportUrls.trendChart(surveyId, question, format, state, category, language)} download>
          {t[format]}
        </a>
      ))}
      <a className="button button--secondary button--small" href={exportUrls.trendDeck(surveyId, question, state, language)} download>
        {t.deck}
      </a>
    </p>
  );
}

function labelOf(data: TrendResult, value: string, text: (l: TrendResult['question']['title']) => string): string {
  const line = data.groups.flatMap((g) => g.lines).find((l) => l.value === value);
  return line ? text(line.label) || value : value;
}

function placeLabel(data: TrendResult, key: string, text: (l: TrendResult['question']['title']) => string): string {
  const g = data.groups.find((x) => x.key === key);
  return g ? text(g.label) : key;
}

/** One line's figures per wave, and its changes in figures and words. */
function SeriesTable({ data, series, title, figure, waveOf }: { data: TrendResult; series: TrendSeries; title: string; figure(v: number): string; waveOf(survey: string): string }) {
  const { t, text, number, language } = useLanguage();
  const w = TREND_TEXTS[language];
  const id = useId();
  const group = data.groups.find((g) => g.key === series.group)!;
  const line = group.lines.find((l) => l.value === series.value);
  const mean = data.meta.measure === 'mean';
  const place = text(group.label);
  const heading = series.key === group.key ? `${place}${line ? ` – ${text(line.label)}` : ''}` : `${place} – ${series.label}`;
  if (group.suppressed) {
    const reason = group.suppression;
    return (
      <section className="panel panel--suppressed" aria-labelledby={`${id}-h`} data-testid="trend-place" data-group={group.key}>
        <h4 id={`${id}-h`}>{place}</h4>
        <p>
          <strong>{t.suppressedGroup}.</strong>{' '}
          {reason === 'hidden_in_a_wave'
            ? w.hiddenInAWave
            : reason === 'small_cell'
              ? t.reason.small_cell(data.meta.suppression.minCellSize)
              : reason === 'complementary'
                ? t.reason.complementary()
                : t.reason.small_group(data.meta.suppression.minGroupSize)}
        </p>
      </section>
    );
  }
  const words = (c: TrendChange) => {
    if (c.suppressed) return w.changeHidden;
    if (c.difference === null || c.ci === null || c.p === null) return w.changeNone;
    const digits = mean ? 2 : 1;
    // A change that rounds to zero at the shown digits is "unchanged", not "rose 0,0".
    const direction = Math.abs(c.difference) < 0.5 * 10 ** -digits ? w.same : c.difference > 0 ? w.up : w.down;
    return w.changeWords(direction, number(Math.abs(c.difference), digits), mean ? '' : w.points, number(c.ci.lower, digits), number(c.ci.upper, digits), c.p < 0.001 ? w.pSmall : w.pValue(number(c.p, 3)));
  };
  return (
    <section className="panel" aria-labelledby={`${id}-h`} data-testid="trend-place" data-group={group.key} data-value={series.value}>
      <h4 id={`${id}-h`} className="panel__title">{heading}</h4>
      <div className="table-wrap" role="region" aria-labelledby={`${id}-cap`} tabIndex={0}>
        <table className="data-table">
          <caption id={`${id}-cap`}>{w.tableCaption(title, heading)}</caption>
          <thead>
            <tr>
              <th scope="col">{w.wave}</th>
              <th scope="col" className="num">{mean ? w.estimateMean : w.estimatePercent}</th>
              <th scope="col" className="num">{w.ci}</th>
              <th scope="col" className="num">{w.n}</th>
            </tr>
          </thead>
          <tbody>
            {(line?.points ?? []).map((p) => (
              <tr key={p.survey} data-wave={p.wave}>
                <th scope="row">{p.wave}</th>
                {p.suppressed || p.estimate === null ? (
                  <td colSpan={3} className="suppressed-cell">
                    <strong>{t.suppressed}</strong>: {p.suppression === 'small_group' ? t.reason.small_group(data.meta.suppression.minGroupSize) : p.suppression === 'complementary' ? t.reason.complementary() : t.reason.small_cell(data.meta.suppression.minCellSize)}
                  </td>
                ) : (
                  <>
                    <td className="num">{figure(p.estimate)}</td>
                    <td className="num">{p.ci ? `${figure(p.ci.lower)}–${figure(p.ci.upper)}` : '–'}</td>
                    <td className="num">{p.n === null ? '–' : number(p.n)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {line && line.changes.length > 0 && (
        <>
          <h5 className="trend__changes">{w.changes}</h5>
          <ul>
            {line.changes.map((c) => (
              <li key={`${c.from}-${c.to}`} data-testid="trend-change" data-from={c.from} data-to={c.to}>
                <strong>{w.changeFrom(waveOf(c.from), waveOf(c.to))}:</strong> {words(c)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
