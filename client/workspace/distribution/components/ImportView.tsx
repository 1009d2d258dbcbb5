import { useId, useState, type ChangeEvent } from 'react';
import type { ImportMapping, ImportOutcome, ImportPreview, ImportUpload, SavedMappings } from '../../../../server/imports/schemas.ts';
import { sessionUpload } from '../../../common/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import { useApi } from '../../app/useApi.ts';
import type { AdminSurvey } from '../api/distribution.ts';
import { importTexts } from '../import-texts.ts';
import { problemText } from './shared.tsx';

type Column = ImportMapping['columns'][number];
type Target = Column['target'];
type QuestionTarget = ImportPreview['targets'][number];
const TARGETS: readonly Target[] = ['question', 'option', 'picks', 'comment', 'municipality', 'submittedAt', 'rowKey', 'ignore'];
const NEEDS_QUESTION: ReadonlySet<Target> = new Set(['question', 'option', 'picks', 'comment']);

const surveyPath = (id: string) => `/api/admin/surveys/${encodeURIComponent(id)}`;

/** The file's bytes as base64, as the import API takes them (FileReader's data URL, without its prefix). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

type Progress = { phase: 'upload'; percent: number } | { phase: 'processing' };

/**
 * `/admin/kyselyt/<id>/tuonti`: a spreadsheet from another tool (an earlier wave) into this survey,
 * through the same API as `npm run import`: preview with the suggested or saved mapping, the mapping
 * edited column by column (and cell texts recoded to choices), every problem by row and column, then
 * the import, all or nothing unless the valid rows are asked for.
 */
export function ImportView({ survey }: { survey: AdminSurvey }) {
  const { language } = useLanguage();
  const t = importTexts(language);
  const ids = useId();
  const saved = useApi<SavedMappings>(`${surveyPath(survey.id)}/import-mappings`);
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<'' | 'utf-8' | 'windows-1252'>('');
  const [delimiter, setDelimiter] = useState<'' | ',' | ';' | '\t'>('');
  const [mappingChoice, setMappingChoice] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Column[] | null>(null);
  const [edited, setEdited] = useState(false);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [saveAs, setSaveAs] = useState('');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    setFile(event.target.files?.[0] ?? null);
    setPreview(null);
    setMapping(null);
    setEdited(false);
    setOutcome(null);
    setProblem(null);
  };

  /** The upload body: the mapping edited here, else the saved one chosen, else none (the server's choice). */
  const body = async (extra: Partial<ImportUpload> = {}): Promise<ImportUpload> => {
    const chosen = saved.data?.mappings.find((m) => m.name === mappingChoice)?.mapping;
    const given = mapping && (edited || preview?.mappingSource === 'given') ? { columns: mapping } : chosen;
    return {
      fileName: file!.name,
      content: await base64Of(file!),
      ...(given ? { mapping: given } : {}),
      ...(encoding ? { encoding } : {}),
      ...(delimiter ? { delimiter } : {}),
      ...extra,
    };
  };

  const send = async <T,>(path: string, payload: ImportUpload): Promise<T> => {
    setProgress({ phase: 'upload', percent: 0 });
    try {
      return await sessionUpload<T>(path, payload, (sent, total) => {
        if (total > 0 && sent < total) setProgress({ phase: 'upload', percent: Math.floor((sent / total) * 100) });
        else setProgress({ phase: 'processing' });
      });
    } finally {
      setProgress(null);
    }
  };

  const runPreview = async () => {
    if (!file) return;
    setProblem(null);
    setOutcome(null);
    try {
      const answer = await send<ImportPreview>(`${surveyPath(survey.id)}/imports/preview`, await body());
      setPreview(answer);
      setMapping(answer.mapping.columns.map((c) => ({ ...c })));
      setEdited(false);
    } catch (error) {
      setProblem(problemText(error));
    }
  };

  const runImport = async () => {
    if (!file || !mapping) return;
    setProblem(null);
    setOutcome(null);
    try {
      const answer = await send<ImportOutcome>(
        `${surveyPath(survey.id)}/imports`,
        { ...(await body({ skipInvalid, ...(saveAs.trim() ? { saveAs: saveAs.trim() } : {}) })), mapping: { columns: mapping } },
      );
      setOutcome(answer);
      if (saveAs.trim()) saved.reload();
    } catch (error) {
      setProblem(problemText(error));
    }
  };

  const change = (index: number, patch: Partial<Column>) => {
    setMapping((columns) => columns && columns.map((c, i) => (i === index ? clean({ ...c, ...patch }) : c)));
    setEdited(true);
  };
  const targetOf = (question: string | undefined) => preview?.targets.find((q) => q.question === question);
  const busy = progress !== null;

  return (
    <section aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t.importTitle}</h2>
      <p>{t.intro}</p>
      <div className="admin-form import-form">
        <div className="field">
          <label htmlFor={`${ids}-file`}>{t.file}</label>
          <input id={`${ids}-file`} type="file" accept=".csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={onFile} />
        </div>
        <div className="import-form__options">
          <div className="field">
            <label htmlFor={`${ids}-encoding`}>{t.encoding}</label>
            <select id={`${ids}-encoding`} value={encoding} onChange={(e) => setEncoding(e.target.value as typeof encoding)}>
              <option value="">{t.automatic}</option>
              <option value="utf-8">UTF-8</option>
              <option value="windows-1252">Windows-1252</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-delimiter`}>{t.delimiter}</label>
            <select id={`${ids}-delimiter`} value={delimiter} onChange={(e) => setDelimiter(e.target.value as typeof delimiter)}>
              <option value="">{t.automatic}</option>
              <option value=",">,</option>
              <option value=";">;</option>
              <option value={'\t'}>{t.tab}</option>
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-mapping`}>{t.savedMapping}</label>
          <select
            id={`${ids}-mapping`}
            value={mappingChoice}
            onChange={(e) => {
              setMappingChoice(e.target.value);
              setEdited(false);
            }}
          >
            <option value="">{t.suggested}</option>
            {saved.data?.mappings.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button" onClick={() => void runPreview()} disabled={!file || busy}>
          {edited ? t.previewAgain : t.preview}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {progress?.phase === 'upload' && (
          <p>
            <label htmlFor={`${ids}-progress`}>{t.uploading(progress.percent)}</label>{' '}
            <progress id={`${ids}-progress`} max={100} value={progress.percent} />
          </p>
        )}
        {progress?.phase === 'processing' && (
          <p>
            <label htmlFor={`${ids}-progress`}>{t.processing}</label> <progress id={`${ids}-progress`} />
          </p>
        )}
        {outcome && (
          <p className={`notice ${outcome.committed ? 'notice--ok' : 'notice--warn'}`} data-testid="import-outcome">
            {outcome.committed ? t.outcome(outcome.stored, outcome.alreadyStored, outcome.rejected) : t.notCommitted(outcome.rejected)}
          </p>
        )}
      </div>
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}

      {preview && mapping && (
        <>
          <p data-testid="import-summary">
            {t.summary(preview.rows, preview.validRows, preview.format, preview.encoding, preview.delimiter)} {t.mappingSource(edited ? 'given' : preview.mappingSource)}
          </p>
          {edited && <p className="notice notice--warn">{t.editedNotice}</p>}
          <div className="table-wrap" role="region" aria-labelledby={`${ids}-mapping-caption`} tabIndex={0}>
            <table className="data-table import-mapping">
              <caption id={`${ids}-mapping-caption`}>{t.mappingCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.column}</th>
                  <th scope="col">{t.target}</th>
                  <th scope="col">{t.question}</th>
                  <th scope="col">
                    {t.option} / {t.row} / {t.separator}
                  </th>
                </tr>
              </thead>
              <tbody>
                {mapping.map((column, index) => {
                  const target = targetOf(column.question);
                  const label = (what: string) => `${column.column}: ${what}`;
                  return (
                    <tr key={`${column.column}-${index}`}>
                      <th scope="row">{column.column}</th>
                      <td>
                        <select aria-label={label(t.target)} value={column.target} onChange={(e) => change(index, { target: e.target.value as Target })}>
                          {TARGETS.map((name) => (
                            <option key={name} value={name}>
                              {t.targets[name]}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        {NEEDS_QUESTION.has(column.target) && (
                          <select aria-label={label(t.question)} value={column.question ?? ''} onChange={(e) => change(index, { question: e.target.value || undefined, option: undefined, row: undefined })}>
                            <option value="">{t.choose}</option>
                            {preview.targets
                              .filter((q) => column.target !== 'option' && column.target !== 'picks' ? true : q.kind === 'multi')
                              .map((q) => (
                                <option key={q.question} value={q.question}>
                                  {q.title} ({q.question})
                                </option>
                              ))}
                          </select>
                        )}
                      </td>
                      <td>
                        {column.target === 'option' && target && (
                          <select aria-label={label(t.option)} value={column.option ?? ''} onChange={(e) => change(index, { option: e.target.value || undefined })}>
                            <option value="">{t.choose}</option>
                            {target.choices.map((c) => (
                              <option key={String(c.value)} value={String(c.value)}>
                                {c.label}
                              </option>
                            ))}
                          </select>
                        )}
                        {column.target === 'question' && target?.kind === 'matrix' && (
                          <select aria-label={label(t.row)} value={column.row ?? ''} onChange={(e) => change(index, { row: e.target.value || undefined })}>
                            <option value="">{t.choose}</option>
                            {target.rows.map((r) => (
                              <option key={r.value} value={r.value}>
                                {r.label}
                              </option>
                            ))}
                          </select>
                        )}
                        {column.target === 'picks' && (
                          <input aria-label={label(t.separator)} size={3} value={column.separator ?? ';'} onChange={(e) => change(index, { separator: e.target.value || undefined })} />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>

          <ValuesTable preview={preview} mapping={mapping} targetOf={targetOf} onRecode={(index, cell, value) => change(index, { values: { ...mapping[index]!.values, [cell]: value } })} />

          <h3>{t.rowsTitle}</h3>
          <div className="table-wrap" role="region" aria-label={t.rowsTitle} tabIndex={0}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t.rowNumber}
                  </th>
                  <th scope="col">{t.valid}</th>
                  <th scope="col">{t.municipality}</th>
                  <th scope="col">{t.submittedAt}</th>
                  <th scope="col">{t.answers}</th>
                </tr>
              </thead>
              <tbody>
                {preview.preview.map((row) => (
                  <tr key={row.row}>
                    <td className="num">{row.row}</td>
                    <td>{row.valid ? t.yes : t.no}</td>
                    <td>{row.municipality ?? ''}</td>
                    <td>{row.submittedAt}</td>
                    <td>{row.data ? answersText(row.data as Record<string, unknown>) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h3>{t.problemsTitle(preview.problems.length, preview.problemCount)}</h3>
          {preview.problemCount === 0 ? (
            <p>{t.noProblems}</p>
          ) : (
            <div className="table-wrap" role="region" aria-label={t.problemsTitle(preview.problems.length, preview.problemCount)} tabIndex={0}>
              <table className="data-table" data-testid="import-problems">
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      {t.rowNumber}
                    </th>
                    <th scope="col">{t.problemColumn}</th>
                    <th scope="col">{t.problem}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.problems.map((p, i) => (
                    <tr key={i}>
                      <td className="num">{p.row}</td>
                      <td>{p.column ?? t.wholeRow}</td>
                      <td>{p.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h3>{t.importTitle}</h3>
          <div className="admin-form import-form">
            <label className="choice">
              <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} /> {t.skipInvalid}
            </label>
            <div className="field">
              <label htmlFor={`${ids}-save-as`}>{t.saveAs}</label>
              <input id={`${ids}-save-as`} value={saveAs} maxLength={100} onChange={(e) => setSaveAs(e.target.value)} />
            </div>
            <button type="button" className="button" onClick={() => void runImport()} disabled={busy}>
              {busy ? t.importing : t.importButton}
            </button>
          </div>
          {outcome && !outcome.committed && outcome.problems.length > 0 && <p>{t.problemsTitle(outcome.problems.length, outcome.problemCount)}</p>}
        </>
      )}
    </section>
  );
}

/** Drops the parts of a column that its target no longer reads (a question for `rowKey`, an option for `picks`). */
function clean(column: Column): Column {
  const { column: header, target } = column;
  const out: Column = { column: header, target };
  if (NEEDS_QUESTION.has(target) && column.question) out.question = column.question;
  if (target === 'option' && column.option) out.option = column.option;
  if (target === 'question' && column.row) out.row = column.row;
  if (target === 'picks' && column.separator) out.separator = column.separator;
  if (column.values && (target === 'question' || target === 'picks' || target === 'municipality')) out.values = column.values;
  return out;
}

function answersText(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`)
    .join('; ');
}

/** Each mapped column's distinct cells and what they become; a cell matching nothing can be recoded to a choice. */
function ValuesTable({
  preview,
  mapping,
  targetOf,
  onRecode,
}: {
  preview: ImportPreview;
  mapping: readonly Column[];
  targetOf(question: string | undefined): QuestionTarget | undefined;
  onRecode(index: number, cell: string, value: string): void;
}) {
  const { language } = useLanguage();
  const t = importTexts(language);
  const shown = preview.values.filter((v) => v.values.length > 0);
  if (shown.length === 0) return null;
  return (
    <>
      <h3>{t.valuesTitle}</h3>
      <p>{t.valuesIntro}</p>
      {shown.map((column) => {
        const index = mapping.findIndex((c) => c.column === column.column);
        const target = index >= 0 ? targetOf(mapping[index]!.question) : undefined;
        const recodable = index >= 0 && target && target.choices.length > 0 && (mapping[index]!.target === 'question' || mapping[index]!.target === 'picks');
        return (
          <div className="table-wrap" role="region" aria-label={`${t.valuesTitle}: ${column.column}`} tabIndex={0} key={column.column}>
            <table className="data-table">
              <caption>{column.column}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.cell}</th>
                  <th scope="col">{t.becomes}</th>
                </tr>
              </thead>
              <tbody>
                {column.values.map((v) => {
                  const recoded = index >= 0 ? mapping[index]!.values?.[v.cell] : undefined;
                  return (
                    <tr key={v.cell}>
                      <th scope="row">{v.cell}</th>
                      <td>
                        {recodable && (v.value === null || recoded !== undefined) ? (
                          <select aria-label={`${column.column}: ${v.cell}`} value={recoded ?? ''} onChange={(e) => onRecode(index, v.cell, e.target.value)}>
                            <option value="">{t.noMatch}</option>
                            {target!.choices.map((c) => (
                              <option key={String(c.value)} value={String(c.value)}>
                                {c.label} ({String(c.value)})
                              </option>
                            ))}
                          </select>
                        ) : v.value === null ? (
                          <span className="notice--warn">{t.noMatch}</span>
                        ) : (
                          String(v.value)
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      })}
    </>
  );
}
