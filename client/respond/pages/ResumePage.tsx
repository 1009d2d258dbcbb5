import { useId, useRef, useState, type FormEvent } from 'react';
import { useLanguage } from '../i18n.tsx';
import { Layout, paths } from '../Layout.tsx';
import { normaliseResumeCode } from '../resume-code.ts';

/** `/jatka`: type the resume code saved on another device, and continue at `/jatka/<code>`. */
export function ResumePage() {
  const { t } = useLanguage();
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const [invalid, setInvalid] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = normaliseResumeCode(inputRef.current?.value ?? '');
    if (!code) {
      setInvalid(true);
      inputRef.current?.focus();
      return;
    }
    window.location.assign(paths.resumeCode(code));
  };
  return (
    <Layout languages={['fi', 'sv', 'en']} title={t.resumeTitle}>
      <h1>{t.resumeTitle}</h1>
      <p>{t.resumeIntro}</p>
      <form className="card resume-form" onSubmit={submit} noValidate>
        <label htmlFor={inputId} className="field-label">
          {t.resumeCode}
        </label>
        <p id={hintId} className="muted">
          {t.resumeHint}
        </p>
        {invalid && (
          <p id={errorId} className="field-error" role="alert">
            {t.resumeInvalid}
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
          aria-describedby={invalid ? `${hintId} ${errorId}` : hintId}
          aria-invalid={invalid || undefined}
          onChange={() => setInvalid(false)}
        />
        <button type="submit" className="button">
          {t.resumeContinue}
        </button>
      </form>
    </Layout>
  );
}
