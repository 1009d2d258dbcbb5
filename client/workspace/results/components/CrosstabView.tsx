import { useId } from 'react';
import type { User } from '../../auth/api/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import { exportUrls } from '../../exports/api.ts';
import { EXPORT_TEXTS } from '../../exports/texts.ts';
import { useApi } from '../../app/useApi.ts';
import type { ViewState } from '../../app/viewState.ts';
import { resultsUrls } from '../api/results.ts';
import type { Crosstab, Variable } from '../api/types.ts';
import { defaultGroup, isCrossTabulable, type Places } from '../model.ts';
import { GroupSelect } from './GroupSelect.tsx';
import { LoadState } from './LoadState.tsx';
import { MetaInfo } from './MetaInfo.tsx';
import { BarChart } from './BarChart.tsx';
import { crosstabChartModel } from '../../../../chart/model.ts';
import { scopedToPlaces } from '../../app/access.ts';
import { RESULTS_TEXTS } from '../texts.ts';

/**
 * The groups the sidebar chose, which the cross-tabulation follows as every view does: the county
 * and each compared place, or every area when grouped by area. Grouped by municipality (30 tables)
 * or with nothing chosen it is one group, the picker's.
 */
function sidebarGroups(state: ViewState, user: User, places: Places): string[] | null {
  const viewer = scopedToPlaces(user.role);
  if (state.compare.length > 0) return [...(viewer ? [] : ['county']), ...state.compare];
  if (state.groupBy === 'area') return viewer ? places.areas.filter((a) => user.areas.includes(a)) : places.areas;
  return null;
}

/** Any two closed questions against each other in one group, with the test result in plain words. */
export function CrosstabView({
  surveyId,
  state,
  update,
  questions,
  places,
  user,
}: {
  surveyId: string;
  state: ViewState;
  update(change: Partial<ViewState>): void;
  questions: Variable[];
  places: Places;
  user: User;
}) {
  const { t, text, language } = useLanguage();
  const r = RESULTS_TEXTS[language];
  const id = useId();
  const closed = questions.filter(isCrossTabulable);
  const rows = state.rows && closed.some((q) => q.key === state.rows) ? state.rows : (closed.find((q) => q.key === 'muutostarve') ?? closed[0])?.key ?? null;
  const columns = state.columns && closed.some((q) => q.key === state.columns) ? state.columns : (closed.find((q) => q.key === 'ikaryhma' && q.key !== rows) ?? closed.find((q) => q.key !== rows))?.key ?? null;
  const fromSidebar = sidebarGroups(state, user, places);
  const groups = state.group ? [state.group] : (fromSidebar ?? [defaultGroup(user)]);
  const picker = (label: string, value: string | null, key: 'rows' | 'columns') => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} value={value ?? ''} onChange={(e) => update({ [key]: e.target.value })}>
        {closed.map((q) => (
          <option key={q.key} value={q.key}>
            {text(q.title) || q.key}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      <div className="crosstab-pickers">
        {picker(r.outcome, rows, 'rows')}
        {picker(r.explanatory, columns, 'columns')}
        <GroupSelect
          id={`${id}-group`}
          value={state.group ?? (fromSidebar ? '' : groups[0]!)}
          onChange={(g) => update({ group: g || null })}
          places={places}
          user={user}
          sidebar={fromSidebar ? r.fromSidebar : undefined}
        />
        <fieldset className="inline-choices">
          <legend>{t.percentages}</legend>
          {(['row', 'column', 'count'] as const).map((p) => (
            <div className="choice" key={p}>
              <input type="radio" id={`${id}-pct-${p}`} name={`${id}-pct`} checked={state.percent === p} onChange={() => update({ percent: p })} />
              <label htmlFor={`${id}-pct-${p}`}>{t.percentNames[p]}</label>
            </div>
          ))}
        </fieldset>
      </div>
      {fromSidebar && !state.group && <p className="hint" data-testid="crosstab-sidebar">{r.crosstabGroupsHint}</p>}
      {fromSidebar && !state.group && rows && columns && (
        <p className="export-links" data-exports="crosstab-groups">
          <span className="export-links__label">{EXPORT_TEXTS[language].crosstabDownloads}:</span>
          <a className="button button--secondary button--small" href={exportUrls.crosstabGroups(surveyId, state, rows, columns, language)} download>
            {r.crosstabAllXlsx}
          </a>
        </p>
      )}
      {!rows || !columns ? (
        <p>{t.chooseTwo}</p>
      ) : (
        groups.map((group) => <CrosstabGroup key={group} surveyId={surveyId} state={state} rows={rows} columns={columns} group={group} places={places} several={groups.length > 1} />)
      )}
    </>
  );
}

function CrosstabGroup({ surveyId, state, rows, columns, group, places, several }: { surveyId: string; state: ViewState; rows: string; columns: string; group: string; places: Places; several: boolean }) {
  const { t, language } = useLanguage();
  const at = group === 'county' ? null : group;
  const result = useApi<Crosstab>(resultsUrls.crosstab(surveyId, state, rows, columns, at));
  const name = group === 'county' ? t.groupByNames.county : (places.municipalities.find((m) => m.code === group)?.name ?? group);
  return (
    <div className="crosstab-group" data-group={group}>
      {several && <h3 className="crosstab-group__name">{name}</h3>}
      <LoadState result={result}>{(data) => <CrosstabTable crosstab={data} percent={state.percent} download={exportUrls.crosstab(surveyId, state, rows, columns, at, language)} />}</LoadState>
    </div>
  );
}

function CrosstabTable({ crosstab, percent: mode, download }: { crosstab: Crosstab; percent: ViewState['percent']; download: string }) {
  const { t, text, number, percent, language } = useLanguage();
  const x = EXPORT_TEXTS[language];
  const id = useId();
  const { table } = crosstab;
  const label = (v: Variable, value: string) => text(v.categories.find((c) => c.value === value)?.label) || value;
  const title = `${text(crosstab.rows.title)} × ${text(crosstab.columns.title)}`;
  if (crosstab.suppressed || !table) {
    return (
      <>
        <MetaInfo meta={crosstab.meta} />
        <p className="notice notice--warn">{t.crosstabSuppressed}</p>
      </>
    );
  }
  const cell = (r: number, c: number) => {
    const count = table.counts[r]?.[c] ?? null;
    if (count === null) return <span className="suppressed-mark">{t.suppressed}</span>;
    if (mode === 'count') return number(count);
    const p = (mode === 'row' ? table.rowPercents : table.columnPercents)[r]?.[c] ?? null;
    return (
      <>
        {p === null ? '–' : percent(p)} <span className="cell-n">({number(count)})</span>
      </>
    );
  };
  return (
    <section aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{title}</h3>
      <MetaInfo meta={crosstab.meta} />
      <p className="export-links" data-exports="crosstab">
        <span className="export-links__label">{x.crosstabDownloads}:</span>
        <a className="button button--secondary button--small" href={download} download>
          {x.crosstabXlsx}
        </a>
      </p>
      <div className="table-wrap" role="region" aria-labelledby={`${id}-cap`} tabIndex={0}>
        <table className="data-table crosstab">
          <caption id={`${id}-cap`}>
            {title} ({t.percentNames[mode]}; {t.n} = {number(table.total)})
          </caption>
          <thead>
            <tr>
              <td />
              {table.columnValues.map((v) => (
                <th key={v} scope="col" className="num">
                  {label(crosstab.columns, v)}
                </th>
              ))}
              <th scope="col" className="num">
                {t.total}
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rowValues.map((rv, r) => (
              <tr key={rv}>
                <th scope="row">{label(crosstab.rows, rv)}</th>
                {table.columnValues.map((cv, c) => (
                  <td key={cv} className="num">
                    {cell(r, c)}
                  </td>
                ))}
                <td className="num">{table.rowTotals[r] === null ? <span className="suppressed-mark">{t.suppressed}</span> : number(table.rowTotals[r]!)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t.total}</th>
              {table.columnTotals.map((v, c) => (
                <td key={c} className="num">
                  {v === null ? <span className="suppressed-mark">{t.suppressed}</span> : number(v)}
                </td>
              ))}
              <td className="num">{number(table.total)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <CrosstabChart crosstab={crosstab} mode={mode} title={title} />
      <TestResult crosstab={crosstab} />
    </section>
  );
}

/** The table as bars: the outcome's answers, one bar per group of the explanatory variable. */
function CrosstabChart({ crosstab, mode, title }: { crosstab: Crosstab; mode: ViewState['percent']; title: string }) {
  const { t, text, number, percent, language } = useLanguage();
  const r = RESULTS_TEXTS[language];
  const label = (v: Variable, value: string) => text(v.categories.find((c) => c.value === value)?.label) || value;
  // Counts are drawn as the shares within the explanatory variable, the comparison a chart is for.
  const model = crosstabChartModel(crosstab.table!, mode === 'row' ? 'row' : 'column', { title, row: (v) => label(crosstab.rows, v), column: (v) => label(crosstab.columns, v) });
  return (
    <figure className="grouped-chart crosstab-chart" data-testid="crosstab-chart">
      <figcaption>
        <strong>{r.crosstabChart}</strong> <span className="hint">{r.crosstabPercentHint(text(mode === 'row' ? crosstab.rows.title : crosstab.columns.title))}</span>
      </figcaption>
      <BarChart
        grouped
        model={model}
        series={model.series}
        label={r.crosstabChartLabel(title)}
        texts={{ value: (bar) => percent(bar.percent!), hidden: () => t.suppressed, tick: (v) => percent(v, 0), heading: (s) => (s.n === null ? s.label : `${s.label} (n = ${number(s.n)})`) }}
      />
    </figure>
  );
}

function formatP(p: number, number: (v: number, d?: number) => string) {
  return p < 0.001 ? `< ${number(0.001, 3)}` : `= ${number(p, 3)}`;
}

function TestResult({ crosstab }: { crosstab: Crosstab }) {
  const { t, number, percent } = useLanguage();
  const id = useId();
  const table = crosstab.table!;
  const p = (value: number) => formatP(value, number);
  return (
    <section className="test-result" aria-labelledby={`${id}-test`} data-testid="test-result">
      <h4 id={`${id}-test`}>{t.testTitle}</h4>
      {table.testWithheld || !table.test ? (
        <p>{t.testWithheld}</p>
      ) : (
        <>
          <p>{table.test.pValue < 0.05 ? t.significant(p(table.test.pValue)) : t.notSignificant(p(table.test.pValue))}</p>
          <p>{t.strength(number(table.test.cramersV, 2), t.strengthWords[table.test.cramersV < 0.1 ? 0 : table.test.cramersV < 0.3 ? 1 : table.test.cramersV < 0.5 ? 2 : 3]!)}</p>
          <p className="hint">{t.chiDetails(number(table.test.chiSquare, 1), table.test.df, number(table.test.pValue, 4))}</p>
          {table.test.smallExpected.warning && (
            <p className="notice notice--warn">{t.smallExpected(percent(table.test.smallExpected.share * 100, 0), number(table.test.smallExpected.minExpected, 1))}</p>
          )}
          {table.weightedTest && (
            <p>
              {t.weightedTestPlain(table.weightedTest.secondOrder.pValue < 0.05)}{' '}
              <span className="hint">
                {t.weightedTest(number(table.weightedTest.secondOrder.f, 2), number(table.weightedTest.secondOrder.df1, 1), number(table.weightedTest.secondOrder.df2, 1), number(table.weightedTest.secondOrder.pValue, 4))}
              </span>
            </p>
          )}
        </>
      )}
    </section>
  );
}
