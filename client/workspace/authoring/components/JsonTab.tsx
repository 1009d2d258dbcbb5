// The JSON tab: the whole survey file as text, for what the structured tabs do not cover. Applied
// only when it parses to a file (a parse error is shown at its line and column); the server's
// checks of the saved draft follow below.
import { useEffect, useId, useRef, useState } from 'react';
import { useLanguage } from '../../app/i18n.tsx';
import { sameFile } from '../model.ts';
import type { DraftTabProps, SurveyFile } from '../tab.ts';
import { authoringTexts } from '../texts.ts';

/** Line and column (1-based) of a JSON.parse error, from the position V8 names in its message. */
export function jsonErrorPlace(text: string, message: string): { line: number; column: number } {
  const position = /position (\d+)/.exec(message);
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { line: Number(lineCol[1]), column: Number(lineCol[2]) };
  const at = position ? Number(position[1]) : text.length;
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

export default function JsonTab({ draft, file, onChange }: DraftTabProps) {
  const { language } = useLanguage();
  const t = authoringTexts(language);
  const id = useId();
  const [text, setText] = useState(() => JSON.stringify(file, null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  const [applied, setApplied] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const edited = useRef(false);
  // The file changed elsewhere (another tab's edit, a reload) while this text is untouched: show it.
  useEffect(() => {
    if (!edited.current) setText(JSON.stringify(file, null, 2));
  }, [file]);

  const apply = () => {
    setApplied(false);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const { line, column } = jsonErrorPlace(text, message);
      setProblem(t.jsonError(line, column, message));
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof (parsed as SurveyFile).survey !== 'object' || (parsed as SurveyFile).survey === null) {
      setProblem(t.jsonNotObject);
      return;
    }
    setProblem(null);
    edited.current = false;
    if (!sameFile(parsed, file)) onChange(parsed as SurveyFile);
    setApplied(true);
  };

  return (
    <div className="json-tab">
      <div className="field">
        <label htmlFor={`${id}-json`}>{t.jsonLabel}</label>
        <span id={`${id}-help`} className="hint">
          {t.jsonHelp}
        </span>
        <textarea
          ref={area}
          id={`${id}-json`}
          className="json-text"
          spellCheck={false}
          rows={24}
          value={text}
          aria-invalid={problem !== null || undefined}
          aria-describedby={`${id}-help${problem ? ` ${id}-problem` : ''}`}
          onChange={(e) => {
            edited.current = true;
            setApplied(false);
            setText(e.target.value);
          }}
        />
        {problem && (
          <span id={`${id}-problem`} className="field-error" role="alert" data-testid="json-error">
            {problem}
          </span>
        )}
      </div>
      <div className="row-actions">
        <button type="button" className="button" onClick={apply}>
          {t.apply}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            edited.current = false;
            setProblem(null);
            setText(JSON.stringify(file, null, 2));
          }}
        >
          {t.revert}
        </button>
      </div>
      <p role="status">{applied ? t.jsonApplied : ''}</p>
      <h2>{t.serverChecks}</h2>
      {draft.check.errors.length + draft.check.warnings.length === 0 ? (
        <p>{t.noProblems}</p>
      ) : (
        <ul data-testid="server-checks">
          {draft.check.errors.map((e) => (
            <li key={`e${e}`} className="check-error">
              {e}
            </li>
          ))}
          {draft.check.warnings.map((w) => (
            <li key={`w${w}`}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
