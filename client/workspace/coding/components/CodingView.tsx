import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link } from '../../app/Link.tsx';
import { navigate, useLocation } from '../../app/router.ts';
import { getAnswer, getNext, putVerdict, removeVerdict, type AnswerToCode, type Codebook, type NextAnswer, type Verdict, type VerdictInput } from '../api/coding.ts';
import { inCodebookOrder, useLiveCodes } from './CodebookEditor.tsx';
import { BulkPanel } from './BulkPanel.tsx';
import { codingHref, problemText, Said, useCodingTexts } from './shared.tsx';

/** A keystroke meant for a field (or with a modifier) is the field's, not a coding shortcut. */
function typing(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * One answer after another: number keys 1–9 choose codes (a search finds the rest), Enter saves and
 * moves on, E marks it not codable, O skips, Z undoes the last save. In a sample the coder codes
 * blind: the server shows them only their own codes.
 */
export function CodingView({ surveyId, book }: { surveyId: string; book: Codebook }) {
  const c = useCodingTexts();
  const { search } = useLocation();
  const sampleId = search.get('otos');
  const wanted = search.get('vastaus');
  const codes = useLiveCodes(book);
  const [progress, setProgress] = useState<NextAnswer['progress'] | null>(null);
  const [current, setCurrent] = useState<AnswerToCode | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [history, setHistory] = useState<{ responseId: string; previous: Verdict | null }[]>([]);
  const [filter, setFilter] = useState('');
  const answerRef = useRef<HTMLElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const ids = useId();

  const show = useCallback((answer: AnswerToCode | null) => {
    setCurrent(answer);
    setSelected(answer?.mine?.status === 'coded' ? answer.mine.codes : []);
    setLoaded(true);
  }, []);

  const load = useCallback(
    async (responseId: string | null) => {
      const next = await getNext(book.id, sampleId);
      setProgress(next.progress);
      show(responseId ? await getAnswer(book.id, responseId) : next.answer);
    },
    [book.id, sampleId, show],
  );

  useEffect(() => {
    load(wanted).catch((error: unknown) => {
      setMessage({ ok: false, text: problemText(error) });
      setLoaded(true);
    });
  }, [load, wanted]);

  // After a save or an undo the focus goes to the answer now shown, so the keys keep working without
  // a mouse; a reload behind the coder's back (after a bulk coding) leaves their focus where it is, and
  // so does the first answer arriving while the coder is already typing in a field (a search): taking
  // the focus then would send the rest of their words to the shortcuts ("e" = not codable).
  const focusAnswer = useRef(true);
  useEffect(() => {
    if (current && focusAnswer.current) {
      focusAnswer.current = false;
      const active = document.activeElement;
      const typing = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement || active instanceof HTMLSelectElement;
      if (!typing) answerRef.current?.focus();
    }
  }, [current]);

  const labelOf = (id: string) => codes.find((x) => x.code.id === id)?.label ?? '?';
  const describe = (v: VerdictInput) => (v.status === 'coded' ? inCodebookOrder(codes, v.codes).map(labelOf).join(', ') : c.statusNames[v.status]!);

  const save = async (verdict: VerdictInput) => {
    if (!current || busy) return;
    if (verdict.status === 'coded' && verdict.codes.length === 0) {
      setMessage({ ok: false, text: c.chooseCodes });
      return;
    }
    setBusy(true);
    try {
      await putVerdict(book.id, current.responseId, verdict);
      focusAnswer.current = true;
      setHistory((h) => [...h, { responseId: current.responseId, previous: current.mine }]);
      setMessage({ ok: true, text: c.codedAs(describe(verdict)) });
      if (wanted) navigate(codingHref(surveyId, { kirja: book.id, osio: 'code', otos: sampleId }), { replace: true });
      else await load(null);
    } catch (error) {
      setMessage({ ok: false, text: problemText(error) });
    } finally {
      setBusy(false);
    }
  };

  const undo = async () => {
    const last = history.at(-1);
    if (busy) return;
    if (!last) {
      setMessage({ ok: false, text: c.nothingToUndo });
      return;
    }
    setBusy(true);
    try {
      if (last.previous) await putVerdict(book.id, last.responseId, { status: last.previous.status, codes: last.previous.codes });
      else await removeVerdict(book.id, last.responseId);
      setHistory((h) => h.slice(0, -1));
      focusAnswer.current = true;
      await load(last.responseId);
      setMessage({ ok: true, text: c.undone });
    } catch (error) {
      setMessage({ ok: false, text: problemText(error) });
    } finally {
      setBusy(false);
    }
  };

  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  // The shortcuts, read through a ref so the listener is added once and always sees the latest state.
  const keys = useRef<(event: KeyboardEvent) => void>(() => undefined);
  keys.current = (event: KeyboardEvent) => {
    if (event.key === '/' && !typing(event)) {
      event.preventDefault();
      filterRef.current?.focus();
      return;
    }
    if (typing(event)) return;
    // Undo works after the last answer too: the last save is then what comes back.
    if (event.key === 'z' || event.key === 'Z') {
      event.preventDefault();
      void undo();
      return;
    }
    if (!current) return;
    const target = event.target as HTMLElement;
    if (/^[1-9]$/.test(event.key)) {
      const code = codes[Number(event.key) - 1];
      if (code) {
        event.preventDefault();
        toggle(code.code.id);
      }
    } else if (event.key === 'Enter' && !['BUTTON', 'A'].includes(target.tagName)) {
      event.preventDefault();
      void save({ status: 'coded', codes: selected });
    } else if (event.key === 'e' || event.key === 'E') {
      event.preventDefault();
      void save({ status: 'not_codable', codes: [] });
    } else if (event.key === 'o' || event.key === 'O') {
      event.preventDefault();
      void save({ status: 'skipped', codes: [] });
    }
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keys.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const matching = filter.trim() ? codes.filter((x) => x.label.toLowerCase().includes(filter.trim().toLowerCase()) || x.code.name.fi.toLowerCase().includes(filter.trim().toLowerCase())) : codes;
  const isMine = sampleId !== null;

  return (
    <div className="coding-layout">
      <div>
        <p className="hint">
          {isMine ? c.sampleCoding : c.wholeQuestion}
        </p>
        {progress && (
          <div className="coding-progress">
            <p id={`${ids}-progress`} data-testid="coding-progress">
              {c.progress(progress.done, progress.total, progress.skipped)}
            </p>
            <progress max={Math.max(progress.total, 1)} value={progress.done} aria-labelledby={`${ids}-progress`} />
          </div>
        )}
        <Said message={message} />
        {!loaded ? (
          <p className="loading" role="status">
            …
          </p>
        ) : !current ? (
          <>
            <p className="notice notice--ok">{c.allDone}</p>
            {history.length > 0 && (
              <p>
                <button type="button" className="button button--secondary" disabled={busy} onClick={() => void undo()}>
                  {c.undo} (Z)
                </button>
              </p>
            )}
          </>
        ) : (
          <article className="coding-answer" ref={answerRef} tabIndex={-1} aria-labelledby={`${ids}-answer`} data-testid="coding-answer" data-response={current.responseId}>
            <h3 id={`${ids}-answer`}>{c.answer}</h3>
            <blockquote>{current.text}</blockquote>
            {current.mine && (
              <p className="hint">
                {c.yourVerdict}: {describe(current.mine)}
              </p>
            )}
            <dl aria-label={c.context}>
              {current.context.place && (
                <>
                  <dt>{c.place}</dt>
                  <dd>{current.context.place}</dd>
                </>
              )}
              {current.context.answers.map((a) => (
                <div key={a.question} className="coding-dl-row">
                  <dt>{a.title}</dt>
                  <dd>{a.value}</dd>
                </div>
              ))}
            </dl>
            {current.context.answers.length === 0 && current.context.place && <p className="hint">{c.contextHidden}</p>}
          </article>
        )}
        {current && (
          <>
            <div className="coding-buttons">
              <button type="button" className="button" disabled={busy} onClick={() => void save({ status: 'coded', codes: selected })}>
                {c.saveNext} (Enter)
              </button>
              <button type="button" className="button button--secondary" disabled={busy} onClick={() => void save({ status: 'not_codable', codes: [] })}>
                {c.notCodable} (E)
              </button>
              <button type="button" className="button button--secondary" disabled={busy} onClick={() => void save({ status: 'skipped', codes: [] })}>
                {c.skip} (O)
              </button>
              <button type="button" className="button button--secondary" disabled={busy || history.length === 0} onClick={() => void undo()}>
                {c.undo} (Z)
              </button>
            </div>
            <p className="hint">{c.keys}</p>
          </>
        )}
        {!isMine && <BulkPanel book={book} onChange={() => void load(current?.responseId ?? null)} />}
      </div>
      <div>
        <fieldset>
          <legend>{c.codesLegend}</legend>
          <div className="field">
            <label htmlFor={`${ids}-find`}>{c.findCode}</label>
            <span className="hint" id={`${ids}-find-help`}>
              {c.findCodeHelp}
            </span>
            <input
              id={`${ids}-find`}
              ref={filterRef}
              type="search"
              value={filter}
              aria-describedby={`${ids}-find-help`}
              aria-controls={`${ids}-codes`}
              onChange={(e) => setFilter(e.target.value)}
              onKeyDown={(e) => {
                // Enter chooses the first code found, and the field empties for the next search.
                if (e.key === 'Enter' && matching[0]) {
                  e.preventDefault();
                  toggle(matching[0].code.id);
                  setFilter('');
                } else if (e.key === 'Escape') {
                  setFilter('');
                  answerRef.current?.focus();
                }
              }}
            />
          </div>
          {matching.length === 0 ? (
            <p>{c.noMatchingCodes}</p>
          ) : (
            <ul className="code-buttons" id={`${ids}-codes`}>
              {matching.map((x) => (
                <li key={x.code.id}>
                  <button type="button" className="code-button" aria-pressed={selected.includes(x.code.id)} disabled={!current} onClick={() => toggle(x.code.id)}>
                    {x.key && <span className="code-key" aria-hidden="true">{x.key}</span>}
                    <span>{x.label}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        {isMine && (
          <p>
            <Link href={codingHref(surveyId, { kirja: book.id, osio: 'samples', otos: sampleId })}>{c.sections.samples}</Link>
          </p>
        )}
      </div>
    </div>
  );
}
