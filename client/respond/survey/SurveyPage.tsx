import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SurveyModel } from 'survey-core';
import { Survey } from 'survey-react-ui';
import { ApiProblem, type SurveyDetailT } from '../../common/api.ts';
import { LANGUAGES, languagesOf, localized, useLanguage, type Language } from '../i18n.tsx';
import { Layout, paths } from '../Layout.tsx';
import { outbox } from '../outbox.ts';
import { draftKey, loadDraft, saveDraft } from './draft.ts';
import { createSurveyModel, definitionLocales } from './model.ts';
import { Submission } from './Submission.tsx';

type Load = { kind: 'loading' } | { kind: 'failed'; notFound: boolean } | { kind: 'loaded'; survey: SurveyDetailT };

/** `/s/<id>`: the survey's form, then its submission and receipt. */
export function SurveyPage({ detail }: { detail: Promise<SurveyDetailT> }) {
  const { t, language } = useLanguage();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  useEffect(() => {
    detail.then(
      (survey) => setLoad({ kind: 'loaded', survey }),
      (error: unknown) => setLoad({ kind: 'failed', notFound: error instanceof ApiProblem && error.status === 404 }),
    );
  }, [detail]);

  if (load.kind !== 'loaded') {
    return (
      <Layout languages={['fi', 'sv', 'en']} title="">
        {load.kind === 'loading' ? (
          <p role="status">{t.loading}</p>
        ) : (
          <p className="notice notice--error" role="alert">
            {load.notFound ? t.surveyNotFound : t.loadFailed}
          </p>
        )}
      </Layout>
    );
  }
  const { survey } = load;
  const title = localized(survey.title, language);
  if (survey.status !== 'open') {
    return (
      <Layout languages={['fi', 'sv', 'en']} title={title}>
        <h1>{title}</h1>
        <p className="notice">{survey.status === 'closed' ? t.surveyClosed : t.surveyNotYetOpen}</p>
        <p>
          <a href={paths.front}>{t.frontPage}</a>
        </p>
      </Layout>
    );
  }
  return <OpenSurvey survey={survey} />;
}

function OpenSurvey({ survey }: { survey: SurveyDetailT }) {
  const { t, language, setLanguage } = useLanguage();
  const [submissionId, setSubmissionId] = useState<string | null>(() => outbox.submissionFor(survey.id));
  // A new model when the respondent goes back to correct answers the server refused.
  const [generation, setGeneration] = useState(0);
  const restoredRef = useRef(false);
  const startedAtRef = useRef(new Date().toISOString());

  const previousModel = useRef<SurveyModel | null>(null);
  const model = useMemo<SurveyModel>(() => {
    // Disposed here rather than in an effect's cleanup, which React's StrictMode runs on a live model.
    previousModel.current?.dispose();
    const stored = loadDraft(survey.id, survey.version);
    restoredRef.current = stored !== null && Object.keys(stored.draft.data).length > 0;
    if (stored) startedAtRef.current = stored.draft.startedAt;
    return (previousModel.current = createSurveyModel(survey.definition, {
      language,
      draft: stored?.draft ?? null,
      onChange: (m) => saveDraft(survey.id, survey.version, { data: m.data, page: m.currentPageNo, startedAt: startedAtRef.current }),
    }));
    // The language is followed below without recreating the model (that would drop focus and scroll).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [survey, generation]);

  useEffect(() => {
    model.locale = language;
  }, [model, language]);

  useEffect(() => {
    const complete = (sender: SurveyModel) => {
      const body = {
        id: crypto.randomUUID(),
        version: survey.version,
        data: sender.data,
        locale: sender.locale || 'fi',
        startedAt: startedAtRef.current,
      };
      outbox.submit({ surveyId: survey.id, title: survey.title, body, draftKey: draftKey(survey.id, survey.version), queuedAt: new Date().toISOString() });
      setSubmissionId(body.id);
    };
    model.onComplete.add(complete);
    return () => model.onComplete.remove(complete);
  }, [model, survey]);

  // "Sivu 2 / 7" in words beside survey-core's step dots, which show no numbers on a phone.
  const [progress, setProgress] = useState('');
  const [firstPage, setFirstPage] = useState(true);
  useEffect(() => {
    const update = () => {
      setProgress(model.visiblePageCount > 1 ? model.progressText : '');
      setFirstPage(model.currentPageNo === 0);
    };
    update();
    model.onCurrentPageChanged.add(update);
    model.onLocaleChangedEvent.add(update);
    model.onPageVisibleChanged.add(update);
    return () => {
      model.onCurrentPageChanged.remove(update);
      model.onLocaleChangedEvent.remove(update);
      model.onPageVisibleChanged.remove(update);
    };
  }, [model]);

  const languages = useMemo(() => languagesOf(definitionLocales(survey.definition)), [survey]);
  useEffect(() => {
    // A language the survey has no texts in (plain Finnish, chosen on another survey) falls back to Finnish.
    if (!languages.includes(language) && (LANGUAGES as readonly Language[]).includes(language)) setLanguage('fi');
  }, [languages, language, setLanguage]);

  const backToAnswers = useCallback(() => {
    setSubmissionId(null);
    setGeneration((g) => g + 1);
  }, []);

  const title = localized(survey.title, language);
  const description = localized((survey.definition as { description?: string | Record<string, string> }).description, language);
  return (
    <Layout languages={languages} title={title} exceptSurvey={survey.id}>
      <div className="survey-intro">
        <h1>{title}</h1>
        {/* The introduction in full on the first page; after it, only the way to the privacy notice. */}
        {description && firstPage && !submissionId && <p>{description}</p>}
        {survey.privacy && !firstPage && !submissionId && (
          <p className="survey-intro__meta">
            <a href={survey.privacy.noticeUrl}>{t.privacyNotice}</a>
          </p>
        )}
        {survey.privacy && firstPage && !submissionId && (
          <div className="survey-intro__meta">
            <dl>
              <dt>{t.controller}</dt>
              <dd>{localized(survey.privacy.controller, language)}</dd>
              <dt>{t.purpose}</dt>
              <dd>{localized(survey.privacy.purpose, language)}</dd>
            </dl>
            <p>
              <a href={survey.privacy.noticeUrl}>{t.privacyNotice}</a>
              {' · '}
              {t.answersKept}
            </p>
          </div>
        )}
      </div>
      {submissionId ? (
        <Submission id={submissionId} model={model} onBack={backToAnswers} />
      ) : (
        <>
          {restoredRef.current && (
            <p className="notice" role="status">
              {t.restored}
            </p>
          )}
          {progress && <p className="survey-progress">{progress}</p>}
          <div className="survey-form">
            <Survey model={model} />
          </div>
        </>
      )}
    </Layout>
  );
}
