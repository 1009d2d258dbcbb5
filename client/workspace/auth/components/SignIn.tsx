import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiProblem } from '../../../common/session.ts';
import { LanguageSwitch } from '../../app/Shell.tsx';
import { useLanguage } from '../../app/i18n.tsx';
import { signIn, type Session } from '../api/session.ts';

export function SignIn({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const { t } = useLanguage();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    document.title = `${t.signInTitle} – ${t.appName}`;
  }, [t]);
  useEffect(() => {
    if (problem) errorRef.current?.focus();
  }, [problem]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setProblem(null);
    try {
      onSignedIn(await signIn(String(form.get('email') ?? ''), String(form.get('password') ?? '')));
    } catch (error) {
      setBusy(false);
      // The wait is in the English detail ("try again in 30 s"); the message is a sentence without it.
      if (error instanceof ApiProblem && error.status === 429) setProblem(t.throttled(Number(/(\d+) s/.exec(error.error.detail ?? error.message)?.[1] ?? 60)));
      else if (error instanceof ApiProblem && (error.status === 401 || error.status === 400)) setProblem(t.wrongCredentials);
      else setProblem(t.loadFailed);
    }
  };

  return (
    <>
      <header className="ws-header">
        <div className="ws-header__inner">
          <span className="ws-brand">{t.appName}</span>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="ws-main ws-main--narrow">
        <h1>{t.signInTitle}</h1>
        <p>{t.signInIntro}</p>
        {problem && (
          <div className="notice notice--error" role="alert" tabIndex={-1} ref={errorRef} id={`${id}-error`}>
            {problem}
          </div>
        )}
        <form className="sign-in" onSubmit={submit} noValidate={false}>
          <div className="field">
            <label htmlFor={`${id}-email`}>{t.email}</label>
            <input id={`${id}-email`} name="email" type="email" autoComplete="username" required aria-describedby={problem ? `${id}-error` : undefined} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>{t.password}</label>
            <input id={`${id}-password`} name="password" type="password" autoComplete="current-password" required />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? t.signingIn : t.signIn}
          </button>
        </form>
      </main>
    </>
  );
}
