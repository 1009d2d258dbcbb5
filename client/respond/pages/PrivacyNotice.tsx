import { useEffect, useState } from 'react';
import { ApiProblem, getSurvey, type SurveyDetailT } from '../../common/api.ts';
import { languagesOf, localized, useLanguage } from '../i18n.tsx';
import { Layout, paths } from '../Layout.tsx';

/** A survey's privacy notice, built from the privacy fields of its file. */
export function PrivacyNotice({ surveyId }: { surveyId: string }) {
  const { t, language } = useLanguage();
  const [survey, setSurvey] = useState<SurveyDetailT | null>(null);
  const [problem, setProblem] = useState<'not_found' | 'failed' | null>(null);
  useEffect(() => {
    getSurvey(surveyId).then(setSurvey, (e: unknown) => setProblem(e instanceof ApiProblem && e.status === 404 ? 'not_found' : 'failed'));
  }, [surveyId]);
  const title = survey ? localized(survey.title, language) : '';
  const languages = survey ? languagesOf(typeof survey.title === 'string' ? [] : Object.keys(survey.title)) : (['fi', 'sv', 'en'] as const);
  return (
    <Layout languages={languages} title={survey ? t.privacyTitle(title) : t.privacyNotice}>
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem === 'not_found' ? t.surveyNotFound : t.loadFailed}
        </p>
      )}
      {!survey && !problem && <p role="status">{t.loading}</p>}
      {survey && (
        <article className="prose">
          <h1>{t.privacyTitle(title)}</h1>
          <p>{t.privacyIntro}</p>
          {survey.privacy ? (
            <dl>
              <dt>
                <strong>{t.controller}</strong>
              </dt>
              <dd>{localized(survey.privacy.controller, language)}</dd>
              <dt>
                <strong>{t.purpose}</strong>
              </dt>
              <dd>{localized(survey.privacy.purpose, language)}</dd>
            </dl>
          ) : null}
          <p>{t.privacyRights}</p>
          <p>
            <a href={paths.survey(survey.id)}>{t.backToSurvey}</a>
          </p>
        </article>
      )}
    </Layout>
  );
}
