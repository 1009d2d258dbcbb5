import { useEffect } from 'react';
import { useLanguage } from '../../app/i18n.tsx';
import { Link } from '../../app/Link.tsx';
import { DISTRIBUTION_SEGMENTS, paths, type DistributionTab } from '../../app/router.ts';
import { useApi } from '../../app/useApi.ts';
import type { AdminSurvey, AdminSurveys } from '../api/distribution.ts';
import { distributionUrls } from '../api/distribution.ts';
import { distributionTexts } from '../texts.ts';
import '../distribution.css';
import { ImportView } from './ImportView.tsx';
import { InvitationsView } from './InvitationsView.tsx';
import { LifecycleView } from './LifecycleView.tsx';
import { LinksView } from './LinksView.tsx';
import { MonitoringView } from './MonitoringView.tsx';
import { LoadProblem, When } from './shared.tsx';

/** `/admin/kyselyt` (every survey's lifecycle at a glance) and `/admin/kyselyt/<id>/…` (one survey's distribution). */
export default function DistributionPage({ surveyId, tab }: { surveyId: string | null; tab: DistributionTab }) {
  const { t: app, language, text, number } = useLanguage();
  const t = distributionTexts(language);
  const surveys = useApi<AdminSurveys>(distributionUrls.surveys);
  const survey = surveyId ? surveys.data?.surveys.find((s) => s.id === surveyId) : undefined;
  useEffect(() => {
    document.title = `${survey ? `${text(survey.title)} – ` : ''}${t.title} – ${app.appName}`;
  }, [t, app, survey, text]);

  if (surveys.state === 'error') return <LoadProblem onRetry={surveys.reload} />;
  if (!surveys.data) return <p role="status">{app.loading}</p>;

  if (!surveyId) {
    return (
      <>
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        <div className="table-wrap" role="region" aria-labelledby="distribution-surveys" tabIndex={0}>
          <table className="data-table">
            <caption id="distribution-surveys">{app.surveys}</caption>
            <thead>
              <tr>
                <th scope="col">{t.survey}</th>
                <th scope="col">{t.state}</th>
                <th scope="col">{t.effective}</th>
                <th scope="col">{t.opensAt}</th>
                <th scope="col">{t.closesAt}</th>
                <th scope="col" className="num">
                  {t.realResponses}
                </th>
                <th scope="col" className="num">
                  {t.syntheticResponses}
                </th>
                <th scope="col" className="num">
                  {t.late}
                </th>
              </tr>
            </thead>
            <tbody>
              {surveys.data.surveys.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link href={paths.distributionSurvey(s.id)}>{text(s.title)}</Link>
                  </th>
                  <td>{t.states[s.state] ?? s.state}</td>
                  <td>
                    <span className={`status-tag status-tag--${s.status}`}>{t.statuses[s.status] ?? s.status}</span>
                  </td>
                  <td>
                    <When iso={s.opensAt} />
                  </td>
                  <td>
                    <When iso={s.closesAt} />
                  </td>
                  <td className="num">
                    {number(s.responses)}
                    {s.responseCap !== null && ` / ${number(s.responseCap)}`}
                  </td>
                  <td className="num">{number(s.synthetic)}</td>
                  <td className="num">{number(s.late)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {/* The workspace's results count the demo answers too: say which count is which. */}
        {surveys.data.surveys.some((s) => s.synthetic > 0) && (
          <p className="notice notice--warn" data-testid="synthetic-note">
            {t.syntheticNote(
              surveys.data.surveys
                .filter((s) => s.synthetic > 0)
                .map((s) => text(s.title))
                .join(', '),
            )}
          </p>
        )}
      </>
    );
  }

  if (!survey) return <h1>{app.notFound}</h1>;
  return (
    <>
      <p className="breadcrumb">
        <Link href={paths.distribution}>{t.back}</Link>
      </p>
      <h1>
        {text(survey.title)} <span className={`status-tag status-tag--${survey.status}`}>{t.statuses[survey.status] ?? survey.status}</span>
      </h1>
      <nav className="tabs" aria-label={t.tabsNav}>
        <ul>
          {(Object.keys(DISTRIBUTION_SEGMENTS) as DistributionTab[]).map((name) => (
            <li key={name}>
              <Link href={paths.distributionSurvey(survey.id, name)} aria-current={name === tab ? 'page' : undefined}>
                {t.tabs[name]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="distribution">
        {tab === 'lifecycle' && <LifecycleView survey={survey} onSaved={surveys.reload} />}
        {tab === 'links' && <LinksView survey={survey} />}
        {tab === 'invitations' && <InvitationsView survey={survey} />}
        {tab === 'monitoring' && <MonitoringView survey={survey} />}
        {tab === 'import' && <ImportView survey={survey} />}
      </div>
    </>
  );
}
