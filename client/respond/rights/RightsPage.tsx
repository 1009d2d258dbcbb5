import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiProblem, eraseOwnAnswer, getOwnAnswer, type ErasureDoneT, type RightsViewT } from '../../common/api.ts';
import { LANGUAGES, isLanguage, useLanguage, type Language } from '../i18n.tsx';
import { Layout, paths } from '../Layout.tsx';
import { formatWhen } from '../survey/when.ts';
import { RIGHTS_TEXTS } from './texts.ts';

type Problem = 'invalid' | 'not_found' | 'too_many' | 'failed';

function problemOf(error: unknown): Problem {
  if (!(error instanceof ApiProblem)) return 'failed';
  if (error.status === 404) return 'not_found';
  if (error.status === 429) return 'too_many';
  if (error.status === 400) return 'invalid';
  return 'failed';
}

// The same test as the server's, so that a mistyped code is said at once; the server decides.
const looksLikeCode = (input: string) => /^[0-9A-Z]{20}$/i.test(input.replace(/[\s-]/g, '')) || /\/l\/[A-Za-z0-9_-]{8,64}/.test(input) || /^[A-Za-z0-9_-]{22,64}$/.test(input.trim());

/**
 * `/oikeudet`: the respondent types the rights code from the end of the survey (or pastes their
 * invitation link), sees what they answered in their language, and can have it erased after an
 * explicit second step. The code lives only in this page's memory: never in the address or storage.
 */
export function RightsPage() {
  const { language, t } = useLanguage();
  const r = RIGHTS_TEXTS[language];
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [code, setCode] = useState<string | null>(null);
  const [view, setView] = useState<RightsViewT | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [step, setStep] = useState<'enter' | 'loading' | 'view' | 'confirm' | 'erasing' | 'erased'>('enter');
  const [done, setDone] = useState<ErasureDoneT | null>(null);

  // A language switch reloads the answer in place: the page stays as it is until the texts arrive.
  const open = async (key: string, lang: Language, reload = false) => {
    if (!reload) setStep('loading');
    setProblem(null);
    try {
      const found = await getOwnAnswer({ code: key, language: lang });
      setCode(key);
      setView(found);
      if (!reload) setStep('view');
    } catch (error) {
      setProblem(problemOf(error));
      setStep(view ? 'view' : 'enter');
    }
  };

  // The answers follow the language switch.
  useEffect(() => {
    if (code && view && view.language !== language && (view.languages as readonly string[]).includes(language)) void open(code, language, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [language]);

  useEffect(() => {
    if (step === 'view' || step === 'confirm' || step === 'erased') headingRef.current?.focus();
  }, [step]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const typed = inputRef.current?.value ?? '';
    if (!looksLikeCode(typed)) {
      setProblem('invalid');
      inputRef.current?.focus();
      return;
    }
    void open(typed, language);
  };

  const erase = async () => {
    if (!code) return;
    setStep('erasing');
    setProblem(null);
    try {
      setDone(await eraseOwnAnswer({ code, confirm: true }));
      setCode(null);
      setStep('erased');
    } catch (error) {
      setProblem(problemOf(error));
      setStep('confirm');
    }
  };

  const problemText = problem && { invalid: r.invalid, not_found: r.notFound, too_many: r.tooMany, failed: r.failed }[problem];
  const languages = view ? view.languages.filter(isLanguage) : [...LANGUAGES];

  if (step === 'erased' && done) {
    return (
      <Layout languages={languages} title={r.erasedTitle}>
        <section className="notice notice--ok" aria-labelledby="erased-heading" data-testid="rights-erased">
          <h1 id="erased-heading" ref={headingRef} tabIndex={-1}>
            {r.erasedTitle}
          </h1>
          <p>{done.outcome === 'deleted' ? r.erasedDelete : r.erasedAnonymise}</p>
          <p>
            <a href={paths.front}>{t.frontPage}</a>
          </p>
        </section>
      </Layout>
    );
  }

  if (view && step !== 'enter' && step !== 'loading') {
    const anonymise = view.erasure === 'anonymise';
    return (
      <Layout languages={languages} title={r.yourAnswers(view.title)}>
        <h1 ref={step === 'view' ? headingRef : undefined} tabIndex={-1}>
          {r.yourAnswers(view.title)}
        </h1>
        <p>{r.answeredOn(formatWhen(view.submittedAt, language))}</p>
        {view.via === 'invitation' && <p className="muted">{r.viaInvitation}</p>}
        {view.answers.length === 0 ? (
          <p>{r.noAnswers}</p>
        ) : (
          <dl className="card own-answers" data-testid="own-answers">
            {view.answers.map((a) => (
              <div key={a.name} className="own-answers__item">
                <dt>{a.question}</dt>
                {a.answer.map((line, i) => (
                  <dd key={i}>{line}</dd>
                ))}
              </div>
            ))}
          </dl>
        )}
        <section aria-labelledby="erase-heading" className="own-answers__erase">
          <h2 id="erase-heading">{r.eraseTitle}</h2>
          <p>{anonymise ? r.eraseAnonymise : r.eraseDelete}</p>
          {problemText && (
            <p className="notice notice--error" role="alert">
              {problemText}
            </p>
          )}
          {step === 'view' ? (
            <button type="button" className="button button--danger" onClick={() => setStep('confirm')}>
              {r.erase}
            </button>
          ) : (
            <div className="notice notice--error" role="alertdialog" aria-labelledby="confirm-heading" aria-describedby="confirm-body">
              <h3 id="confirm-heading" ref={step === 'confirm' ? headingRef : undefined} tabIndex={-1}>
                {r.confirmTitle}
              </h3>
              <p id="confirm-body">{anonymise ? r.confirmAnonymise : r.confirmDelete}</p>
              <div className="entry-actions">
                <button type="button" className="button button--danger" disabled={step === 'erasing'} onClick={() => void erase()}>
                  {step === 'erasing' ? r.erasing : r.confirm}
                </button>
                <button type="button" className="button button--secondary" disabled={step === 'erasing'} onClick={() => setStep('view')}>
                  {r.cancel}
                </button>
              </div>
            </div>
          )}
        </section>
        <p>
          {r.otherRights} <a href={paths.privacy(view.surveyId)}>{r.privacyLink}</a>
        </p>
      </Layout>
    );
  }

  return (
    <Layout languages={languages} title={r.title}>
      <h1>{r.title}</h1>
      <p>{r.intro}</p>
      <form className="card resume-form" onSubmit={submit} noValidate>
        <label htmlFor={inputId} className="field-label">
          {r.codeLabel}
        </label>
        <p id={hintId} className="muted">
          {r.codeHint}
        </p>
        {problemText && (
          <p id={errorId} className="field-error" role="alert">
            {problemText}
          </p>
        )}
        <input
          ref={inputRef}
          id={inputId}
          name="code"
          className="text-input"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          aria-describedby={problemText ? `${hintId} ${errorId}` : hintId}
          aria-invalid={problem === 'invalid' || problem === 'not_found' || undefined}
          onChange={() => setProblem(null)}
        />
        <button type="submit" className="button" disabled={step === 'loading'}>
          {r.show}
        </button>
      </form>
    </Layout>
  );
}
