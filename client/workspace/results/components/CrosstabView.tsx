import { useId } from 'react';
import type { User } from '../../auth/api/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import { exportUrls } from '../../exports/api.ts';
import { EXPORT_TEXTS } from '../../exports/texts.ts';
import { useApi } from '../../app/useApi.ts';
import type { ViewState } from '../../app/viewState.ts';
import { resultsUrls } from '../api/results.ts';
import type { Crosstab, Variable } from '../api/types.ts';
import { defaultGroup, isClosed, type Places } from '../model.ts';
import { GroupSelect } from './GroupSelect.tsx';
import { LoadState } from './LoadState.tsx';
import { MetaInfo } from './MetaInfo.tsx';

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
  const id = useId();
  const closed = questions.filter(isClosed);
  const rows = state.rows && closed.some((q) => q.key === state.rows) ? state.rows : (closed.find((q) => q.key === 'muutostarve') ?? closed[0])?.key ?? null;
  const columns = state.columns && closed.some((q) => q.key === state.columns) ? state.columns : (closed.find((q) => q.key === 'ikaryhma' && q.key !== rows) ?? closed.find((q) => q.key !== rows))?.key ?? null;
  const group = state.group ?? defaultGroup(user);
  const result = useApi<Crosstab>(rows && columns ? resultsUrls.crosstab(surveyId, state, rows, columns, group === 'county' ? null : group) : null);
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
        {picker(t.rowsQuestion, rows, 'rows')}
        {picker(t.columnsQuestion, columns, 'columns')}
        <GroupSelect id={`${id}-group`} value={group} onChange={(g) => update({ group: g })} places={places} user={user} />
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
      {!rows || !columns ? <p>{t.chooseTwo}</p> : <LoadState result={result}>{(data) => <CrosstabTable crosstab={data} percent={state.percent} download={exportUrls.crosstab(surveyId, state, rows, columns, group === 'county' ? null : group, language)} />}</LoadState>}
    </>
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
      <TestResult crosstab={crosstab} />
    </section>
  );
}

function formatP(p: number, number: (v: number, d?: number) => string) {
  return p < 0.001 ? `< ${number(0.001, 3)}` : `= ${number(p, 3)}`;
}

function TestResult({ crosstab }: { crosstab: Crosstab }) {
  const { t, number, percent } = useLanguage();
  const table = crosstab.table!;
  const p = (value: number) => formatP(value, number);
  return (
    <section className="test-result" aria-labelledby="test-title" data-testid="test-result">
      <h4 id="test-title">{t.testTitle}</h4>
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
