// The responses themselves for admins and analysts (server/exports/data/routes.ts): CSV, Excel or
// SPSS syntax with its CSV, labels or codes, and the view's filters. Plain links: the session
// cookie goes with them and the server names the file, so the SPSS pair keeps the names the
// syntax expects.
import { useId, useState } from 'react';
import { useLanguage } from '../app/i18n.tsx';
import type { ViewState } from '../app/viewState.ts';
import type { Variable } from '../results/api/types.ts';
import { exportUrls, type DataFormat, type DataOptions } from './api.ts';
import { EXPORT_TEXTS } from './texts.ts';
import './exports.css';

export function DataExportPanel({
  surveyId,
  state,
  questions,
  municipalityQuestion,
  municipalities,
}: {
  surveyId: string;
  state: ViewState;
  questions: Variable[];
  /** The survey's municipality question: the data exports take its filter as `group`. */
  municipalityQuestion: string | null;
  municipalities: readonly { code: string; name: string }[];
}) {
  const { language, text, date } = useLanguage();
  const t = EXPORT_TEXTS[language].data;
  const id = useId();
  const [format, setFormat] = useState<DataFormat>('csv');
  const [labels, setLabels] = useState<DataOptions['labels']>('labels');
  // Excel in a Finnish or Swedish locale splits a CSV at semicolons and reads decimal commas, so
  // the interface language picks the default; a choice made here stays until the page is left.
  const languageDefault: DataOptions['delimiter'] = language === 'en' ? 'comma' : 'semicolon';
  const [chosen, setDelimiter] = useState<DataOptions['delimiter'] | null>(null);
  const delimiter = chosen ?? languageDefault;

  const titleOf = (key: string) => {
    const q = questions.find((v) => v.key === key);
    return q ? text(q.title) || key : key;
  };
  const valueOf = (key: string, value: string) => text(questions.find((v) => v.key === key)?.categories.find((c) => c.value === value)?.label) || value;

  // A filter on the municipality question picks the same respondents as `group` with those
  // municipalities, which the server checks against suppression; an answer outside the county
  // ("Muu kunta") has no group, so such a filter cannot be applied.
  const placeFilter = municipalityQuestion ? state.filters.find((f) => f.key === municipalityQuestion) : undefined;
  const blocked = placeFilter !== undefined && !placeFilter.values.every((v) => municipalities.some((m) => m.code === v));
  const options: DataOptions = {
    labels,
    delimiter,
    filters: state.filters.filter((f) => f !== placeFilter).map((f) => `${f.key}:${f.values.join(',')}`),
    group: placeFilter && !blocked ? placeFilter.values : null,
  };

  const applied = [
    ...state.filters.filter((f) => f !== placeFilter).map((f) => `${titleOf(f.key)}: ${f.values.map((v) => valueOf(f.key, v)).join(' / ')}`),
    ...(options.group ? [`${t.municipalities}: ${options.group.map((c) => municipalities.find((m) => m.code === c)?.name ?? c).join(', ')}`] : []),
    ...(state.channels.length ? [`${t.channels}: ${state.channels.join(', ')}`] : []),
    ...(state.from || state.to ? [`${t.dates}: ${state.from ? date(state.from) : '…'}–${state.to ? date(state.to) : '…'}`] : []),
  ];
  const spssCsvName = `${surveyId}-vastaukset-${new Date().toISOString().slice(0, 10)}-koodit.spss.csv`;
  const link = (kind: DataFormat | 'spssCsv', secondary = false) => (
    <a className={`button${secondary ? ' button--secondary' : ''}`} href={exportUrls.data(surveyId, kind, state, options)} download data-data-export={kind}>
      {t.download[kind]}
    </a>
  );

  return (
    <details className="export-panel data-export" data-testid="data-export">
      <summary>{t.panel}</summary>
      <p className="hint">{t.hint}</p>
      <p className="data-export__small">{t.small}</p>
      <fieldset>
        <legend>{t.format}</legend>
        {(['csv', 'xlsx', 'sps'] as const).map((k) => (
          <label key={k} className="export-panel__choice">
            <input type="radio" name={`${id}-format`} value={k} checked={format === k} onChange={() => setFormat(k)} /> {t.formats[k]}
          </label>
        ))}
      </fieldset>
      {format === 'sps' ? (
        <p className="hint">{t.spssCodes}</p>
      ) : (
        <fieldset>
          <legend>{t.values}</legend>
          {(['labels', 'codes'] as const).map((k) => (
            <label key={k} className="export-panel__choice">
              <input type="radio" name={`${id}-labels`} value={k} checked={labels === k} onChange={() => setLabels(k)} /> {t[k]}
            </label>
          ))}
        </fieldset>
      )}
      {format === 'csv' && (
        <fieldset>
          <legend>{t.delimiter}</legend>
          <p className="hint" data-delimiter-default={languageDefault}>{t.delimiterDefault[languageDefault]}</p>
          {(['comma', 'semicolon'] as const).map((k) => (
            <label key={k} className="export-panel__choice">
              <input type="radio" name={`${id}-delimiter`} value={k} checked={delimiter === k} onChange={() => setDelimiter(k)} /> {t[k]}
            </label>
          ))}
        </fieldset>
      )}
      <div className="data-export__applied">
        <p>
          <strong>{t.applied}:</strong> {applied.length ? applied.join('; ') : t.noFilters}
        </p>
        {(state.groupBy !== 'county' || state.compare.length > 0) && <p className="hint">{t.wholeCounty}</p>}
        {state.weighted && <p className="hint">{t.unweighted}</p>}
      </div>
      {blocked ? (
        <p className="notice notice--warn" role="status">
          {t.blocked(titleOf(placeFilter!.key))}
        </p>
      ) : format === 'sps' ? (
        <>
          <p className="data-export__links">
            {link('sps')} {link('spssCsv', true)}
          </p>
          <p className="hint">{t.spssNote(spssCsvName)}</p>
        </>
      ) : (
        <p className="data-export__links">{link(format)}</p>
      )}
    </details>
  );
}
