import { useEffect } from 'react';
import { Link } from '../../app/Link.tsx';
import { useLanguage } from '../../app/i18n.tsx';
import { paths } from '../../app/router.ts';
import { useApi } from '../../app/useApi.ts';
import { LoadState } from '../../results/components/LoadState.tsx';
import { resultsUrls } from '../../results/api/results.ts';
import type { ResultsSurveys } from '../../results/api/types.ts';

/** Every survey the user may read, with its responses; the survey's page has the rest. */
export default function SurveyList() {
  const { t, text, number, date } = useLanguage();
  const surveys = useApi<ResultsSurveys>(resultsUrls.surveys());
  useEffect(() => {
    document.title = `${t.surveys} – ${t.appName}`;
  }, [t]);
  return (
    <>
      <h1>{t.surveys}</h1>
      <p>{t.surveysIntro}</p>
      <LoadState result={surveys}>
        {(data) => (
          <>
          <div className="table-wrap" role="region" aria-label={t.surveys} tabIndex={0}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t.survey}</th>
                  <th scope="col">{t.audience}</th>
                  <th scope="col">{t.status}</th>
                  <th scope="col" className="num">
                    {t.responses}
                  </th>
                  <th scope="col">{t.latestResponse}</th>
                  <th scope="col">{t.tabCollection}</th>
                </tr>
              </thead>
              <tbody>
                {data.surveys.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      <Link href={paths.survey(s.id)}>{text(s.title)}</Link>
                    </th>
                    <td>{t.audienceNames[s.audience] ?? s.audience}</td>
                    <td>{t.statusNames[s.status] ?? s.status}</td>
                    <td className="num">
                      {number(s.responses)}
                      {s.synthetic > 0 && <span className="hint"> ({t.syntheticOf(number(s.synthetic))})</span>}
                    </td>
                    <td>{s.latestResponse ? date(s.latestResponse) : '–'}</td>
                    <td>
                      <Link href={paths.survey(s.id, 'collection')} aria-label={`${t.tabCollection}: ${text(s.title)}`}>
                        {t.tabCollection}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {/* The distribution page counts real responses only: say which count holds the demo data. */}
          {data.surveys.some((s) => s.synthetic > 0) && (
            <p className="notice notice--warn" data-testid="survey-counts-note">
              {t.syntheticCounts(
                data.surveys
                  .filter((s) => s.synthetic > 0)
                  .map((s) => text(s.title))
                  .join(', '),
              )}
            </p>
          )}
          </>
        )}
      </LoadState>
    </>
  );
}
