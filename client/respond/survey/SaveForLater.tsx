import { useEffect, useId, useRef, useState } from 'react';
import type { SurveyModel } from 'survey-core';
import { saveResumeDraft, type SavedDraftT } from '../../common/api.ts';
import { useLanguage } from '../i18n.tsx';
import { formatWhen } from './when.ts';

/**
 * "Save and continue later": the answers so far go to the server only when the respondent asks
 * (they are otherwise kept in this browser alone), and come back as a resume code and link to
 * finish on another device.
 */
export function SaveForLater({ surveyId, model, link }: { surveyId: string; model: SurveyModel; link: string | null }) {
  const { t, language } = useLanguage();
  const helpId = useId();
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'failed' } | { kind: 'saved'; saved: SavedDraftT }>({ kind: 'idle' });
  const [copied, setCopied] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (state.kind === 'saved') headingRef.current?.focus();
  }, [state.kind]);

  const save = async () => {
    setState({ kind: 'saving' });
    setCopied(false);
    try {
      const saved = await saveResumeDraft(surveyId, {
        data: model.data,
        page: model.currentPageNo,
        locale: model.locale || 'fi',
        ...(link ? { link } : {}),
      });
      setState({ kind: 'saved', saved });
    } catch {
      setState({ kind: 'failed' });
    }
  };
  const url = state.kind === 'saved' ? new URL(state.saved.url, window.location.origin).href : '';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      // No clipboard (an http page, a refused permission): the link is on the page to select by hand.
      setCopied(false);
    }
  };

  return (
    <section className="save-later" aria-label={t.saveForLater}>
      <button type="button" className="button button--secondary" aria-describedby={helpId} disabled={state.kind === 'saving'} onClick={() => void save()}>
        {state.kind === 'saving' ? t.savingDraft : t.saveForLater}
      </button>
      <p id={helpId} className="muted save-later__help">
        {t.saveForLaterHelp}
      </p>
      <div aria-live="polite">
        {state.kind === 'failed' && <p className="notice notice--error">{t.draftSaveFailed}</p>}
      </div>
      {state.kind === 'saved' && (
        <div className="notice notice--ok" data-testid="resume-saved">
          <h2 ref={headingRef} tabIndex={-1}>
            {t.draftSavedTitle}
          </h2>
          <p>
            {t.resumeCode}:<br />
            <strong className="receipt-code" data-testid="resume-code">
              {state.saved.code}
            </strong>
          </p>
          <p>
            {t.resumeLink}:<br />
            <a href={url} data-testid="resume-link" className="resume-link">
              {url}
            </a>
          </p>
          <p>
            <button type="button" className="button button--secondary" onClick={() => void copy()}>
              {t.copyLink}
            </button>{' '}
            <span role="status">{copied ? t.copied : ''}</span>
          </p>
          <p className="muted">{t.draftExpires(formatWhen(state.saved.expiresAt, language))}</p>
        </div>
      )}
    </section>
  );
}
