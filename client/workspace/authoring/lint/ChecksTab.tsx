// The survey editor's checks (lint) tab: the server's findings for the saved draft (server/authoring/lint.ts),
// errors first, each with its rule, place and sentence in the workspace's language, and a link that
// opens the question in the structure tab (`/laadinta/<id>?q=<name>`). The host's pending changes are
// saved first, so the findings are those of the file the author sees; they follow each new revision.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Static } from 'typebox';
import type { DraftLint } from '../../../../server/authoring/schemas.ts';
import { ApiProblem, sessionGet } from '../../../common/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import { Link } from '../../app/Link.tsx';
import { paths } from '../../app/router.ts';
import type { DraftTabProps } from '../tab.ts';
import { checksTexts } from './texts.ts';
import './lint.css';

type Lint = Static<typeof DraftLint>;
type State = { kind: 'loading' } | { kind: 'done'; lint: Lint } | { kind: 'failed'; message: string };

/** The structure tab with a question (or page) opened: the address the structure tab reads. */
export function questionAddress(id: string, question: string | null, page: string | null): string {
  const base = paths.authoringDraft(id);
  if (question) return `${base}?q=${encodeURIComponent(question)}`;
  return page ? `${base}?sivu=${encodeURIComponent(page)}` : base;
}

export default function ChecksTab({ draft, flush }: DraftTabProps) {
  const { language } = useLanguage();
  const c = checksTexts(language);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const heading = useRef<HTMLHeadingElement>(null);

  const check = useCallback(async () => {
    setState({ kind: 'loading' });
    try {
      const saved = await flush();
      setState({ kind: 'done', lint: await sessionGet<Lint>(`/api/authoring/drafts/${encodeURIComponent(saved.id)}/lint`) });
    } catch (error) {
      setState({ kind: 'failed', message: error instanceof ApiProblem ? [error.error.message, error.error.detail].filter(Boolean).join(' ') : String(error) });
    }
  }, [flush]);

  // Again at every revision the host saves (an edit made elsewhere, an autosave).
  useEffect(() => {
    void check();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft.revision]);

  const findings = state.kind === 'done' ? state.lint.findings : [];
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  return (
    <section className="checks-tab" aria-labelledby="checks-heading">
      <h2 id="checks-heading" ref={heading} tabIndex={-1}>
        {c.heading}
      </h2>
      <p className="hint">{c.intro}</p>
      <p>
        <button type="button" className="button button--secondary" onClick={() => void check()} disabled={state.kind === 'loading'}>
          {c.recheck}
        </button>
      </p>
      <div aria-live="polite" data-testid="checks-status" data-state={state.kind}>
        {state.kind === 'loading' && <p role="status">{c.loading}</p>}
        {state.kind === 'failed' && (
          <p className="notice notice--error" role="alert">
            {c.failed} {state.message}
          </p>
        )}
        {state.kind === 'done' && (
          <p>
            {findings.length === 0 ? c.none : c.summary(errors, warnings)} {c.checkedRevision(state.lint.revision)}
          </p>
        )}
      </div>
      {findings.length > 0 && (
        <ul className="lint-findings" data-testid="lint-findings">
          {findings.map((f, i) => (
            <li key={i} className={`lint-finding lint-finding--${f.severity}`} data-rule={f.rule} data-severity={f.severity} data-question={f.question ?? undefined}>
              <p className="lint-finding__head">
                <strong>{c.severity[f.severity]}</strong> · {c.rules[f.rule] ?? f.rule}
                {' · '}
                <span>
                  {c.place}: {f.page ? c.page(f.page) : c.survey}
                  {f.question ? `, ${f.question}` : ''}
                </span>
              </p>
              <p>{f.message[language]}</p>
              {(f.question || f.page) && (
                <p>
                  <Link href={questionAddress(draft.id, f.question, f.page)}>{f.question ? c.goTo(f.question) : c.goToPage(f.page!)}</Link>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
