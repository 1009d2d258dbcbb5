import { useEffect, useState } from 'react';
import { listSurveys, type SurveySummaryT } from '../../common/api.ts';
import { localized, useLanguage } from '../i18n.tsx';
import { Layout, paths } from '../Layout.tsx';

/** The front page: the surveys open now. */
export function SurveyList() {
  const { t, language } = useLanguage();
  const [surveys, setSurveys] = useState<SurveySummaryT[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    listSurveys().then(
      (r) => setSurveys(r.surveys),
      () => setFailed(true),
    );
  }, []);
  return (
    <Layout languages={['fi', 'sv', 'en']} title={t.openSurveys}>
      <h1>{t.openSurveys}</h1>
      {/* Anonymity is promised only once the list is known to hold no form that asks who you are. */}
      <p data-testid="list-intro">{surveys && !surveys.some((s) => s.identifying) ? t.listIntro : t.listIntroIdentifying}</p>
      {failed && (
        <p className="notice notice--error" role="alert">
          {t.loadFailed}
        </p>
      )}
      {surveys === null && !failed && <p role="status">{t.loading}</p>}
      {surveys?.length === 0 && <p>{t.noOpenSurveys}</p>}
      {surveys && surveys.length > 0 && (
        <ul className="survey-list">
          {surveys.map((s) => (
            <li key={s.id}>
              <a href={paths.survey(s.id)}>{localized(s.title, language)}</a>
              {s.identifying && <span data-testid="asks-identity"> ({t.listAsksIdentity})</span>}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
