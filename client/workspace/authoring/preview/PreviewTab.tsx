// The survey editor's preview tab: the respondent page itself in a frame (`/esikatselu/<id>`, see
// PreviewPage.tsx), fed with the file being edited, at a phone's 375 px or a desktop's 1440 px, in each
// language the respondent page offers for it. A frame rather than the form drawn in the workspace:
// only a frame gives the page its own viewport (the respondent styles' media queries and survey-core's
// mobile layout then act as on a phone) and its own document (the respondent's CSS cannot meet the
// workspace's), and the respondent's code stays in the respondent's bundle, loaded once.
// The form's last button sends a test answer: the host saves the file first, then the server judges
// the answer against the saved draft exactly as a resident's, and stores nothing.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Static } from 'typebox';
import type { TestVerdict } from '../../../../server/authoring/schemas.ts';
import { ApiProblem, sessionRequest } from '../../../common/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import type { DraftTabProps, SurveyFile } from '../tab.ts';
import { PREVIEW_PATH, previewMessage, type FromPreview, type ToPreview } from './messages.ts';
import { previewTexts } from './texts.ts';
import './preview.css';

type Verdict = Static<typeof TestVerdict>;
type Judging = { kind: 'idle' } | { kind: 'sending' } | { kind: 'done'; verdict: Verdict; locale: string } | { kind: 'failed'; message: string };

const WIDTHS = [375, 1440] as const;
/** Each language's name in itself, as the respondent page's switch shows it. */
const LANGUAGE_NAMES: Record<string, string> = { fi: 'Suomi', sv: 'Svenska', en: 'English', 'fi-selko': 'Selkosuomi', ar: 'العربية' };

/** A question's title as the author reads it (in the workspace's language when the file has it), else its name. */
function questionTitle(file: SurveyFile, name: string, language: string): string {
  const base = name.split(/[.[]/)[0]!.replace(/-Comment$/, '');
  let found: Record<string, unknown> | null = null;
  const visit = (node: unknown): void => {
    if (found) return;
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const object = node as Record<string, unknown>;
      if (object.name === base && typeof object.type === 'string') found = object;
      else Object.values(object).forEach(visit);
    }
  };
  visit(file.survey);
  const title = (found as Record<string, unknown> | null)?.title;
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object') {
    const texts = title as Record<string, string>;
    return (language === 'fi' ? texts.default : texts[language]) ?? texts.default ?? base;
  }
  return base;
}

export default function PreviewTab({ draft, file, flush }: DraftTabProps) {
  const { language: ui } = useLanguage();
  const p = previewTexts(ui);
  const frame = useRef<HTMLIFrameElement>(null);
  const verdictHeading = useRef<HTMLHeadingElement>(null);
  const ready = useRef(false);
  const [width, setWidth] = useState<(typeof WIDTHS)[number]>(375);
  const [language, setLanguage] = useState('fi');
  const [languages, setLanguages] = useState<readonly string[]>(['fi']);
  const [formChecks, setFormChecks] = useState(true);
  const [height, setHeight] = useState(640);
  const [judging, setJudging] = useState<Judging>({ kind: 'idle' });
  // The latest values for the message handler, which is added once.
  const latest = useRef({ file, language, formChecks, flush });
  latest.current = { file, language, formChecks, flush };

  const send = useCallback((message: ToPreview) => frame.current?.contentWindow?.postMessage(message, window.location.origin), []);

  const judge = useCallback(
    async (data: Record<string, unknown>, locale: string) => {
      setJudging({ kind: 'sending' });
      try {
        const saved = await latest.current.flush();
        const verdict = await sessionRequest<Verdict>('POST', `/api/authoring/drafts/${encodeURIComponent(saved.id)}/test-answer`, { data, locale, revision: saved.revision });
        setJudging({ kind: 'done', verdict, locale });
      } catch (error) {
        setJudging({ kind: 'failed', message: error instanceof ApiProblem ? [error.error.message, error.error.detail].filter(Boolean).join(' ') : String(error) });
      }
    },
    [],
  );

  // The result is read where the author's attention goes next: its heading takes the focus once shown.
  useEffect(() => {
    if (judging.kind === 'done' || judging.kind === 'failed') verdictHeading.current?.focus();
  }, [judging]);

  useEffect(() => {
    const receive = (event: MessageEvent) => {
      const message = previewMessage<FromPreview>(event, frame.current?.contentWindow ?? null);
      if (!message) return;
      if (message.type === 'kuulo-preview:ready') {
        ready.current = true;
        send({ type: 'kuulo-preview:file', file: latest.current.file, language: latest.current.language });
        send({ type: 'kuulo-preview:checks', formChecks: latest.current.formChecks });
      } else if (message.type === 'kuulo-preview:languages') {
        setLanguages(message.languages);
        setLanguage(message.language);
      } else if (message.type === 'kuulo-preview:height') setHeight(Math.max(320, Math.ceil(message.height)));
      else if (message.type === 'kuulo-preview:answer') void judge(message.data, message.locale);
    };
    window.addEventListener('message', receive);
    return () => window.removeEventListener('message', receive);
  }, [judge, send]);

  // Every change of the file reaches the frame (the answers given so far are kept there).
  useEffect(() => {
    if (ready.current) send({ type: 'kuulo-preview:file', file, language: latest.current.language });
  }, [file, send]);

  const chooseLanguage = (l: string) => {
    setLanguage(l);
    send({ type: 'kuulo-preview:language', language: l });
  };
  const chooseChecks = (on: boolean) => {
    setFormChecks(on);
    send({ type: 'kuulo-preview:checks', formChecks: on });
  };
  const again = (keep: boolean) => {
    setJudging({ kind: 'idle' });
    send({ type: 'kuulo-preview:again', keep });
    frame.current?.focus();
  };

  const widthName = width === 375 ? p.phone : p.desktop;
  return (
    <section className="preview-tab" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{p.heading}</h2>
      <p className="hint">{p.intro}</p>
      <div className="preview-controls">
        <div role="group" aria-label={p.width} className="preview-switch">
          <span aria-hidden="true">{p.width}:</span>
          {WIDTHS.map((w) => (
            <button key={w} type="button" className="button button--secondary" aria-pressed={w === width} onClick={() => setWidth(w)} data-width={w}>
              {w === 375 ? p.phone : p.desktop}
            </button>
          ))}
        </div>
        <div role="group" aria-label={p.language} className="preview-switch">
          <span aria-hidden="true">{p.language}:</span>
          {languages.map((l) => (
            <button key={l} type="button" className="button button--secondary" lang={l === 'fi-selko' ? 'fi' : l} aria-pressed={l === language} onClick={() => chooseLanguage(l)} data-language={l}>
              {LANGUAGE_NAMES[l] ?? l}
            </button>
          ))}
        </div>
        <label className="preview-checks">
          <input type="checkbox" checked={formChecks} onChange={(e) => chooseChecks(e.target.checked)} /> {p.formChecks}
          <span className="hint"> {p.formChecksHelp}</span>
        </label>
      </div>

      <div className="preview-verdict" aria-live="polite" data-testid="preview-verdict" data-state={judging.kind}>
        {judging.kind === 'sending' && <p role="status">{p.sending}</p>}
        {(judging.kind === 'done' || judging.kind === 'failed') && (
          <div className={judging.kind === 'done' && judging.verdict.accepted ? 'notice' : 'notice notice--error'} data-accepted={judging.kind === 'done' ? String(judging.verdict.accepted) : undefined}>
            <h3 ref={verdictHeading} tabIndex={-1}>
              {p.verdictHeading}
            </h3>
            {judging.kind === 'failed' && (
              <p>
                {p.failed} {judging.message}
              </p>
            )}
            {judging.kind === 'done' && judging.verdict.accepted && <p>{p.accepted(judging.verdict.answerRows)}</p>}
            {judging.kind === 'done' && !judging.verdict.accepted && (
              <>
                <p>{p.refused}</p>
                <ul>
                  {judging.verdict.problems.map((problem) => (
                    <li key={`${problem.question}:${problem.code}`} data-question={problem.question} data-code={problem.code}>
                      <strong>{questionTitle(file, problem.question, ui)}</strong>: {p.problems[problem.code] ?? p.otherProblem}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <div className="row-actions">
              <button type="button" className="button" onClick={() => again(false)}>
                {p.again}
              </button>
              {judging.kind === 'done' && !judging.verdict.accepted && (
                <button type="button" className="button button--secondary" onClick={() => again(true)}>
                  {p.correct}
                </button>
              )}
            </div>
          </div>
        )}
      </div>

      <div className="preview-stage" data-width={width}>
        <iframe
          ref={frame}
          src={PREVIEW_PATH(draft.id)}
          title={p.frameTitle(widthName)}
          className="preview-frame"
          style={{ width: `${width}px`, height: `${height}px` }}
          data-testid="preview-frame"
        />
      </div>
    </section>
  );
}
