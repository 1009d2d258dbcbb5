// The mapping of a later wave's questions to an earlier wave's (issue 15): per question of the later
// wave, the earlier question it continues (or none), whether the two can be compared (a note is
// required when not), and for choice questions which later choice each earlier choice counts as.
// "Tallenna" saves the whole mapping on the `updatedAt` the page loaded; the server's 400 names every
// problem in the alert region. A save made elsewhere meanwhile (409 `mapping_changed`) is shown there
// with who saved when and a "Lataa uudelleen" button that loads their mapping (this page's unsaved
// edits are then lost); it is never saved over on its own.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiProblem, sessionGet } from '../../../common/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import { Link } from '../../app/Link.tsx';
import { paths } from '../../app/router.ts';
import type { TextLanguage } from '../model.ts';
import { getSurveyFile, saveWaveMapping, seriesUrls, waveQuestions, type QuestionLinkT, type WaveMappingViewT, type WaveQuestion } from './api.ts';
import { seriesTexts } from './texts.ts';
import './series.css';

interface Row {
  question: string;
  from: string | null;
  comparable: boolean;
  note: string;
  /** Earlier choice value → later choice value ('' = no counterpart). */
  choices: Record<string, string>;
  source: 'saved' | 'default';
}

interface Loaded {
  view: WaveMappingViewT;
  earlier: WaveQuestion[];
  later: WaveQuestion[];
}

/** Each earlier choice's counterpart: as saved, else the later choice of the same value, else none. */
function choiceDefaults(earlier: WaveQuestion | undefined, later: WaveQuestion | undefined, saved: Record<string, string> | undefined): Record<string, string> {
  if (!earlier || !later) return {};
  const values = new Set(later.choices.map((c) => c.value));
  return Object.fromEntries(earlier.choices.map((c) => [c.value, saved?.[c.value] ?? (values.has(c.value) ? c.value : '')]));
}

function rowsOf(loaded: Loaded): Row[] {
  const before = new Map(loaded.earlier.map((q) => [q.name, q]));
  const now = new Map(loaded.later.map((q) => [q.name, q]));
  return loaded.view.questions.map((q) => ({
    question: q.question,
    from: q.from,
    comparable: q.comparable,
    note: q.note ?? '',
    choices: q.from === null ? {} : choiceDefaults(before.get(q.from), now.get(q.question), q.choices),
    source: q.source,
  }));
}

/** What the API gets: only the recodings that change a value (an unlisted value keeps its value). */
function linkOf(row: Row): QuestionLinkT {
  const recoded = Object.entries(row.choices).filter(([old, mapped]) => mapped !== '' && mapped !== old);
  return {
    question: row.question,
    from: row.from,
    comparable: row.comparable,
    ...(recoded.length > 0 ? { choices: Object.fromEntries(recoded) } : {}),
    ...(row.note.trim() ? { note: row.note.trim() } : {}),
  };
}

export default function WaveMappingPage({ series, from, to }: { series: string; from: string; to: string }) {
  const { language } = useLanguage();
  const t = seriesTexts(language);
  const textLanguage: TextLanguage = language === 'fi' ? 'default' : language === 'sv' ? 'sv' : 'en';
  const id = useId();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ summary: string; items: string[]; conflict?: boolean } | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [checked, setChecked] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  const waveName = (survey: string) => (loaded ? (survey === loaded.view.from.survey ? loaded.view.from.wave : loaded.view.to.wave) : survey);
  const fromWave = loaded?.view.from.wave ?? from;
  const toWave = loaded?.view.to.wave ?? to;
  useEffect(() => {
    document.title = t.pageTitle(series, fromWave, toWave);
  }, [t, series, fromWave, toWave]);

  useEffect(() => {
    let current = true;
    setLoaded(null);
    setLoadError(null);
    setProblems(null);
    Promise.all([sessionGet<WaveMappingViewT>(seriesUrls.mapping(series, from, to)), getSurveyFile(from), getSurveyFile(to)]).then(
      ([view, earlierFile, laterFile]) => {
        if (!current) return;
        const next = { view, earlier: waveQuestions(earlierFile, textLanguage), later: waveQuestions(laterFile, textLanguage) };
        setLoaded(next);
        setRows(rowsOf(next));
      },
      (error: unknown) => current && setLoadError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      current = false;
    };
  }, [series, from, to, textLanguage]);

  const before = new Map((loaded?.earlier ?? []).map((q) => [q.name, q]));
  const now = new Map((loaded?.later ?? []).map((q) => [q.name, q]));
  const noteMissing = (row: Row) => !row.comparable && row.note.trim() === '';
  const update = (index: number, patch: Partial<Row>) => setRows((previous) => previous.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const formatTime = (iso: string) => new Date(iso).toLocaleString(language === 'fi' ? 'fi-FI' : language === 'sv' ? 'sv-FI' : 'en-GB');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    setStatus('');
    const missing = rows.filter(noteMissing);
    if (missing.length > 0) {
      setProblems({ summary: t.fixFirst(missing.length), items: missing.map((r) => `${now.get(r.question)?.title ?? r.question} (${r.question}): ${t.noteRequired}`) });
      document.getElementById(`${id}-${missing[0]!.question}-note`)?.focus();
      return;
    }
    setBusy(true);
    setProblems(null);
    try {
      const view = await saveWaveMapping(series, from, to, rows.map(linkOf), loaded!.view.updatedAt);
      const next = { ...loaded!, view };
      setLoaded(next);
      setRows(rowsOf(next));
      setChecked(false);
      setStatus(t.saved(formatTime(view.updatedAt ?? new Date().toISOString())));
    } catch (error) {
      if (error instanceof ApiProblem && error.error.code === 'mapping_changed') {
        // Who saved when: the stored mapping says (the page's own copy is kept until "Lataa uudelleen").
        const latest = await sessionGet<WaveMappingViewT>(seriesUrls.mapping(series, from, to)).catch(() => null);
        setProblems({ summary: t.conflict(latest?.updatedAt ? formatTime(latest.updatedAt) : null, latest?.updatedByEmail ?? null), items: [t.conflictHelp], conflict: true });
        requestAnimationFrame(() => alertRef.current?.focus());
        return;
      }
      const message = error instanceof ApiProblem ? [error.error.message, error.error.detail].filter(Boolean).join(' ') : error instanceof Error ? error.message : String(error);
      setProblems({ summary: t.rejected, items: message.split('; ') });
      requestAnimationFrame(() => alertRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    setBusy(true);
    try {
      const view = await sessionGet<WaveMappingViewT>(seriesUrls.mapping(series, from, to));
      const next = { ...loaded!, view };
      setLoaded(next);
      setRows(rowsOf(next));
      setChecked(false);
      setProblems(null);
      setStatus(t.reloaded);
      heading.current?.focus();
    } catch (error) {
      setProblems({ summary: t.rejected, items: [error instanceof ApiProblem ? error.error.message : error instanceof Error ? error.message : String(error)], conflict: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="authoring wave-mapping">
      <p>
        <Link href={paths.authoring}>{t.backToList}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {t.pageTitle(series, fromWave, toWave)}
      </h1>
      {loadError && (
        <div className="notice notice--error" role="alert">
          {loadError}
        </div>
      )}
      {!loaded && !loadError && <p role="status">{t.loading}</p>}
      {loaded && (
        <form onSubmit={submit} noValidate aria-labelledby={`${id}-intro`}>
          <p id={`${id}-intro`}>{t.intro(fromWave, toWave)}</p>
          <p className="hint" data-testid="mapping-updated">
            {loaded.view.updatedAt ? t.savedAt(formatTime(loaded.view.updatedAt)) : t.neverSaved}
          </p>
          <ol className="wave-mapping-list">
            {rows.map((row, index) => {
              const target = now.get(row.question);
              const source = row.from === null ? undefined : before.get(row.from);
              const base = `${id}-${row.question}`;
              const invalid = checked && noteMissing(row);
              const showChoices = source && target && source.choices.length > 0 && target.choices.length > 0;
              const laterValues = new Set(target?.choices.map((c) => c.value) ?? []);
              return (
                <li key={row.question}>
                  <fieldset className="wave-mapping-item" data-question={row.question} data-source={row.source}>
                    <legend>
                      {target?.title ?? row.question} <span className="hint">({row.question})</span>
                      <span className="wave-mapping-source" data-testid="source">
                        <span className="visually-hidden">{t.state}: </span>
                        {row.source === 'saved' ? t.sourceSaved : t.sourceDefault}
                      </span>
                    </legend>
                    <div className="wave-mapping-grid">
                      <div className="field">
                        <label htmlFor={`${base}-from`}>{t.fromLabel(waveName(from))}</label>
                        <select
                          id={`${base}-from`}
                          value={row.from ?? ''}
                          onChange={(e) => {
                            const chosen = e.target.value || null;
                            update(index, {
                              from: chosen,
                              comparable: chosen === null ? false : row.comparable,
                              choices: chosen === null ? {} : choiceDefaults(before.get(chosen), target, undefined),
                            });
                          }}
                        >
                          <option value="">{t.newQuestion}</option>
                          {loaded.earlier.map((q) => (
                            <option key={q.name} value={q.name}>
                              {q.title} ({q.name})
                            </option>
                          ))}
                        </select>
                      </div>
                      <div className="field">
                        <label className="choice">
                          <input type="checkbox" checked={row.comparable} disabled={row.from === null} onChange={(e) => update(index, { comparable: e.target.checked })} />
                          {t.comparable}
                        </label>
                      </div>
                      <div className="field wave-mapping-wide">
                        <label htmlFor={`${base}-note`}>{t.note}</label>
                        <textarea
                          id={`${base}-note`}
                          rows={2}
                          value={row.note}
                          required={!row.comparable}
                          aria-invalid={invalid || undefined}
                          aria-describedby={`${base}-note-help${invalid ? ` ${base}-note-error` : ''}`}
                          onChange={(e) => update(index, { note: e.target.value })}
                        />
                        <span id={`${base}-note-help`} className="hint">
                          {t.noteHelp}
                        </span>
                        {invalid && (
                          <span id={`${base}-note-error`} className="field-error">
                            {t.noteRequired}
                          </span>
                        )}
                      </div>
                      {showChoices && (
                        <fieldset className="wave-mapping-choices" data-testid="choices">
                          <legend>{t.choices(waveName(from), waveName(to))}</legend>
                          {source.choices.map((c, ci) => (
                            <div className="wave-mapping-choice" key={c.value} data-choice={c.value}>
                              <label htmlFor={`${base}-choice-${ci}`}>{t.choiceTo(c.label)}</label>
                              <select id={`${base}-choice-${ci}`} value={row.choices[c.value] ?? ''} onChange={(e) => update(index, { choices: { ...row.choices, [c.value]: e.target.value } })}>
                                {!laterValues.has(c.value) && <option value="">{t.noCounterpart}</option>}
                                {target.choices.map((n) => (
                                  <option key={n.value} value={n.value}>
                                    {n.label}
                                  </option>
                                ))}
                              </select>
                            </div>
                          ))}
                        </fieldset>
                      )}
                    </div>
                  </fieldset>
                </li>
              );
            })}
          </ol>
          <div ref={alertRef} tabIndex={-1} role="alert" className={problems ? 'notice notice--error' : undefined} data-testid="mapping-problems">
            {problems && (
              <>
                <p>{problems.summary}</p>
                <ul>
                  {problems.items.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
                {problems.conflict && (
                  <button type="button" className="button" disabled={busy} onClick={() => void reload()}>
                    {t.reload}
                  </button>
                )}
              </>
            )}
          </div>
          <div className="wave-mapping-actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? t.saving : t.save}
            </button>
            <p role="status" data-testid="mapping-status">
              {status}
            </p>
          </div>
        </form>
      )}
    </div>
  );
}
