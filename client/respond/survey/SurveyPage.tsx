import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SurveyModel } from 'survey-core';
import { Survey } from 'survey-react-ui';
import { ApiProblem, sendAttempt, type LinkInfoT, type SurveyDetailT } from '../../common/api.ts';
import { LANGUAGES, languagesOf, localized, useLanguage, type Language } from '../i18n.tsx';
import { Layout, paths } from '../Layout.tsx';
import { outbox } from '../outbox.ts';
import { attemptId, endAttempt } from './attempt.ts';
import { draftKey, loadDraft, saveDraft } from './draft.ts';
import { createSurveyModel, definitionLocales, usePageProgress } from './model.ts';
import { SaveForLater } from './SaveForLater.tsx';
import type { Resume, Start } from './start.ts';
import { Submission } from './Submission.tsx';
import { formatWhen } from './when.ts';
import { newRightsCode } from '../rights/code.ts';

type Load = { kind: 'loading' } | { kind: 'failed'; notFound: boolean } | { kind: 'loaded'; start: Start };


/** A friendly page in place of the form: closed, full, not yet open, a closed link, a used invitation. */
function Closed({ title, heading, body }: { title: string; heading: string; body: string }) {
  const { t } = useLanguage();
  return (
    <Layout languages={['fi', 'sv', 'en']} title={title || heading}>
      {title && <p className="survey-kicker">{title}</p>}
      <h1>{heading}</h1>
      <p className="notice" data-testid="closed-notice">
        {body}
      </p>
      <p>
        <a href={paths.front}>{t.frontPage}</a>
      </p>
    </Layout>
  );
}

/** `/s/<id>`, `/l/<token>`, `/jatka/<code>`: the survey's form, then its submission and receipt. */
export function SurveyPage({ start }: { start: Promise<Start> }) {
  const { t, language } = useLanguage();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  useEffect(() => {
    start.then(
      (s) => setLoad({ kind: 'loaded', start: s }),
      (error: unknown) => setLoad({ kind: 'failed', notFound: error instanceof ApiProblem && error.status === 404 }),
    );
  }, [start]);

  if (load.kind !== 'loaded') {
    return (
      <Layout languages={['fi', 'sv', 'en']} title="">
        {load.kind === 'loading' ? (
          <p role="status">{t.loading}</p>
        ) : (
          <>
            {/* A page of its own, so it has its heading like every other (the 404 had none). */}
            <h1>{load.notFound ? t.surveyNotFoundTitle : t.errorTitle}</h1>
            <p className="notice notice--error" role="alert">
              {load.notFound ? t.surveyNotFound : t.loadFailed}
            </p>
            <p>
              <a href={paths.front}>{t.frontPage}</a>
            </p>
          </>
        )}
      </Layout>
    );
  }
  const s = load.start;
  if (s.kind === 'link-not-found') return <Closed title="" heading={t.linkNotFound} body={t.linkNotFound} />;
  if (s.kind === 'draft-not-found' || s.kind === 'draft-expired') {
    return (
      <Layout languages={['fi', 'sv', 'en']} title={t.resumeTitle}>
        <h1>{t.resumeTitle}</h1>
        <p className="notice notice--error" role="alert" data-testid="closed-notice">
          {s.kind === 'draft-expired' ? t.draftExpired : t.draftNotFound}
        </p>
        <p>
          <a href={paths.resume}>{t.resumeTitle}</a> · <a href={paths.front}>{t.frontPage}</a>
        </p>
      </Layout>
    );
  }
  const title = s.survey ? localized(s.survey.title, language) : '';
  if (s.kind === 'link-closed') return <Closed title={title} heading={t.linkClosedTitle} body={t.linkClosedBody} />;
  if (s.kind === 'invitation-used') return <Closed title={title} heading={t.invitationUsedTitle} body={t.invitationUsedBody} />;

  const { survey } = s;
  // The survey's standing as the server judges it (`draft` never reaches a respondent: the server answers 404).
  const { status, afterClose } = survey;
  const late = (status === 'closed' || status === 'archived') && afterClose === 'accept_late';
  if (status === 'full') return <Closed title={title} heading={t.surveyFullTitle} body={t.surveyFullBody} />;
  if (status === 'not_yet_open') {
    return <Closed title={title} heading={t.surveyNotYetOpenTitle} body={survey.opens ? t.surveyOpensAt(formatWhen(survey.opens, language)) : t.surveyNotYetOpen} />;
  }
  if (status !== 'open' && !late) return <Closed title={title} heading={t.surveyClosedTitle} body={t.surveyClosedBody} />;
  return <OpenSurvey survey={survey} link={s.link} resume={s.resume} late={late} />;
}

function OpenSurvey({ survey, link, resume, late }: { survey: SurveyDetailT; link: LinkInfoT | null; resume: Resume | null; late: boolean }) {
  const { t, language, setLanguage } = useLanguage();
  // Answers saved on the server are used once: going back to correct refused answers keeps the browser's copy.
  const resumeRef = useRef(resume);
  const [resumedFrom] = useState(resume);
  const presetQuestion = link?.municipality && survey.municipalityQuestion ? survey.municipalityQuestion : null;
  const [submissionId, setSubmissionId] = useState<string | null>(() => outbox.submissionFor(survey.id));
  // A new model when the respondent goes back to correct answers the server refused.
  const [generation, setGeneration] = useState(0);
  const restoredRef = useRef(false);
  const startedAtRef = useRef(new Date().toISOString());

  const previousModel = useRef<SurveyModel | null>(null);
  const model = useMemo<SurveyModel>(() => {
    // Disposed here rather than in an effect's cleanup, which React's StrictMode runs on a live model.
    previousModel.current?.dispose();
    const fromServer = resumeRef.current;
    resumeRef.current = null;
    const stored = fromServer ? null : loadDraft(survey.id, survey.version);
    restoredRef.current = stored !== null && Object.keys(stored.draft.data).length > 0;
    if (stored) startedAtRef.current = stored.draft.startedAt;
    const draft = fromServer ? { data: fromServer.data, page: fromServer.page, startedAt: startedAtRef.current } : (stored?.draft ?? null);
    const created = createSurveyModel(survey.definition, {
      language,
      draft,
      onChange: (m) => saveDraft(survey.id, survey.version, { data: m.data, page: m.currentPageNo, startedAt: startedAtRef.current }),
    });
    if (presetQuestion && link?.municipality) {
      // A municipality link (a poster's QR code) answers the municipality question itself: shown, not changeable.
      created.setValue(presetQuestion, link.municipality.code);
      const question = created.getQuestionByValueName(presetQuestion);
      if (question) question.readOnly = true;
    }
    return (previousModel.current = created);
    // The language is followed below without recreating the model (that would drop focus and scroll).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [survey, generation]);

  useEffect(() => {
    model.locale = language;
    // The line under the preset municipality question, in the page's language.
    const question = presetQuestion ? model.getQuestionByValueName(presetQuestion) : null;
    if (question && link?.municipality) question.description = t.municipalityPreset(link.municipality.name);
  }, [model, language, presetQuestion, link, t]);

  // A resumed answer comes back in the language it was saved in.
  useEffect(() => {
    const saved = resumedFrom?.locale;
    if (saved && (LANGUAGES as readonly string[]).includes(saved)) setLanguage(saved as Language);
  }, [resumedFrom, setLanguage]);

  // Progress pings for the admins' monitoring: the first answer (started) and every page reached.
  useEffect(() => {
    const ping = (sender: SurveyModel) => sendAttempt(survey.id, { attempt: attemptId(survey.id), page: sender.currentPageNo, ...(link ? { link: link.token } : {}) });
    let started = false;
    const firstAnswer = (sender: SurveyModel) => {
      if (started) return;
      started = true;
      ping(sender);
    };
    model.onValueChanged.add(firstAnswer);
    model.onCurrentPageChanged.add(ping);
    return () => {
      model.onValueChanged.remove(firstAnswer);
      model.onCurrentPageChanged.remove(ping);
    };
  }, [model, survey.id, link]);

  useEffect(() => {
    const complete = (sender: SurveyModel) => {
      const body = {
        id: crypto.randomUUID(),
        version: survey.version,
        data: sender.data,
        locale: sender.locale || 'fi',
        startedAt: startedAtRef.current,
        attempt: attemptId(survey.id),
        ...(link ? { link: link.token } : {}),
        ...(resumedFrom?.code ? { draft: resumedFrom.code } : {}),
        // Made here and kept in the outbox with the answer, so a retry sends the same code.
        rightsCode: newRightsCode(),
      };
      endAttempt(survey.id);
      outbox.submit({ surveyId: survey.id, title: survey.title, body, draftKey: draftKey(survey.id, survey.version), queuedAt: new Date().toISOString() });
      setSubmissionId(body.id);
    };
    model.onComplete.add(complete);
    return () => model.onComplete.remove(complete);
  }, [model, survey, link, resumedFrom]);

  // "Sivu 2 / 7" in words beside survey-core's step dots, which show no numbers on a phone. It counts
  // the pages this respondent will see as the answers stand, and follows an answer that shows or
  // hides a later page at once, on the page where it is given: survey-core's progressText, read when
  // onPageVisibleChanged fires, still had the old count, so the page said "4 / 6" and then "5 / 7".
  // Each Next adds exactly one to the page number.
  const { progress, firstPage } = usePageProgress(model);
  // The server's list of the questions that ask who the respondent is: the same that decides the list's and the notice's words.
  const identifying = useMemo(() => new Set(survey.identifyingQuestions), [survey]);

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
        <Submission id={submissionId} model={model} onBack={backToAnswers} identifying={identifying} invitation={link?.kind === 'invitation'} />
      ) : (
        <>
          {late && <p className="notice notice--waiting">{t.acceptsLate}</p>}
          {(restoredRef.current || (resumedFrom && generation === 0)) && (
            <p className="notice" role="status">
              {resumedFrom ? t.resumed : t.restored}
            </p>
          )}
          {progress && (
            <p className="survey-progress" data-testid="page-progress">
              {t.pageProgress(progress.page, progress.of)}
            </p>
          )}
          <div className="survey-form">
            <Survey model={model} />
          </div>
          <SaveForLater surveyId={survey.id} model={model} link={link?.token ?? null} />
        </>
      )}
    </Layout>
  );
}
