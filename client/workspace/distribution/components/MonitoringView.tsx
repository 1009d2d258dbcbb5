import { useId } from 'react';
import { CountsTable, type CountsTableProps } from '../../app/CountsTable.tsx';
import { useLanguage } from '../../app/i18n.tsx';
import { useApi } from '../../app/useApi.ts';
import { distributionUrls, type AdminSurvey, type Monitoring } from '../api/distribution.ts';
import { distributionTexts } from '../texts.ts';
import { LoadProblem } from './shared.tsx';

/** Opens, started and completed answers per link and per municipality, and where unfinished answers stop. */
export function MonitoringView({ survey }: { survey: AdminSurvey }) {
  const { language, t: app, number, text } = useLanguage();
  const t = distributionTexts(language);
  const id = useId();
  const monitoring = useApi<Monitoring>(distributionUrls.monitoring(survey.id));
  if (monitoring.state === 'error') return <LoadProblem onRetry={monitoring.reload} />;
  const m = monitoring.data;
  if (!m) return <p role="status">{app.loading}</p>;
  const most = Math.max(1, ...m.dropOff.map((d) => d.unfinished));
  return (
    <div className={monitoring.state === 'loading' ? 'is-updating' : undefined}>
      <p className="hint">{t.monitoringHelp}</p>
      <button type="button" className="button button--secondary button--small" onClick={monitoring.reload}>
        {t.refresh}
      </button>
      <section aria-labelledby={`${id}-totals`}>
        <h2 id={`${id}-totals`}>{t.totals}</h2>
        <dl className="totals">
          <div>
            <dt>{t.opens}</dt>
            <dd>{number(m.totals.opens)}</dd>
          </div>
          <div>
            <dt>{t.started}</dt>
            <dd>{number(m.totals.started)}</dd>
          </div>
          <div>
            <dt>{t.completed}</dt>
            <dd>{number(m.totals.completed)}</dd>
          </div>
          <div>
            <dt>{t.unfinished}</dt>
            <dd>{number(m.totals.unfinished)}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby={`${id}-drop`}>
        <h2 id={`${id}-drop`}>{t.dropOff}</h2>
        <p className="hint">{t.dropOffHelp}</p>
        {m.dropOff.every((d) => d.unfinished === 0) ? (
          <p>{t.noDropOff}</p>
        ) : (
          <table className="data-table data-table--compact drop-off">
            <caption className="visually-hidden">{t.dropOff}</caption>
            <thead>
              <tr>
                <th scope="col">{t.page}</th>
                <th scope="col" className="num">
                  {t.unfinished}
                </th>
                <th scope="col" aria-hidden="true"></th>
              </tr>
            </thead>
            <tbody>
              {m.dropOff.map((d) => (
                <tr key={d.page}>
                  <th scope="row">
                    {d.page + 1}. {text(d.title) || d.name}
                  </th>
                  <td className="num">{number(d.unfinished)}</td>
                  <td aria-hidden="true" className="bar-cell">
                    {/* A <meter>-like bar: its width is an SVG attribute, not an inline style (CSP). */}
                    <svg width="160" height="14" role="presentation" focusable="false">
                      <rect className="chart__bar" x="0" y="1" height="12" width={Math.round((160 * d.unfinished) / most)} />
                    </svg>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <CountsSection
        id={`${id}-links`}
        title={t.byLink}
        first={t.link}
        columns={[{ label: t.kind }, { label: t.opens, numeric: true }, { label: t.started, numeric: true }, { label: t.completed, numeric: true }]}
        rows={m.links.map((l) => ({
          key: l.token,
          label: l.municipality?.name ?? l.label ?? l.token,
          cells: [t.kinds[l.kind] ?? l.kind, number(l.opens), number(l.started), number(l.completed)],
        }))}
      />
      <CountsSection
        id={`${id}-municipalities`}
        title={t.byMunicipality}
        first={t.municipality}
        columns={[{ label: t.started, numeric: true }, { label: t.completed, numeric: true }]}
        rows={m.municipalities.map((row) => ({ key: row.code, label: row.name, cells: [number(row.started), number(row.completed)] }))}
      />
    </div>
  );
}

/** A titled table of counts, scrolling inside its box on a phone. */
function CountsSection({ id, title, ...table }: { id: string; title: string } & CountsTableProps) {
  return (
    // The scrolling box is the region named by the heading; the section is not a second one of that name.
    <section>
      <h2 id={id}>{title}</h2>
      <div className="table-wrap" role="region" aria-labelledby={id} tabIndex={0}>
        <CountsTable {...table} />
      </div>
    </section>
  );
}
