// The survey editor's translations tab: every text of the survey (found by survey-core's Serializer,
// server/authoring/translation-texts.ts, the same walk the server's XLSX uses) in every language the
// survey has, side by side, with how much each language has; a cell's edit changes the file through
// the host (which autosaves). A language is added with the survey's name in it (the server counts a
// survey's languages by its title's). The translator's XLSX goes out and comes back through the
// server, which applies it all or nothing as a revision of its own; the host then reloads the draft.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { ApiProblem } from '../../../common/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import { completeness, LANGUAGE_CODE, setText, SOURCE_LANGUAGE, surveyLanguages, surveyTexts, untranslated } from '../../../../server/authoring/translation-texts.ts';
import type { DraftTabProps, SurveyFile } from '../tab.ts';
import { importTranslations, translationsXlsxUrl, type TranslationsAppliedT } from './api.ts';
import { languageName, translationTexts } from './texts.ts';
import './translations.css';

type Outcome = { kind: 'done'; applied: TranslationsAppliedT } | { kind: 'failed'; message: string; problems: string[] };

/** The file's bytes in base64, as the import route takes them. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    reader.readAsDataURL(file);
  });
}

export default function TranslationsTab({ draft, file, onChange, flush, reload }: DraftTabProps) {
  const { language } = useLanguage();
  const t = translationTexts(language);
  const id = useId();
  const [added, setAdded] = useState<string[]>([]);
  const [filter, setFilter] = useState<string>('');
  // The untranslated rows as they were when the filter was chosen: a row being translated stays until the filter changes.
  const [pinned, setPinned] = useState<ReadonlySet<string> | null>(null);
  const [newCode, setNewCode] = useState('');
  const [newTitle, setNewTitle] = useState('');
  const [addProblem, setAddProblem] = useState<string | null>(null);
  const [addedNote, setAddedNote] = useState<string | null>(null);
  const [upload, setUpload] = useState<File | null>(null);
  const [emptyErases, setEmptyErases] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const texts = useMemo(() => surveyTexts(file), [file]);
  const languages = useMemo(() => surveyLanguages(texts, added), [texts, added]);
  const counts = useMemo(() => completeness(texts, languages), [texts, languages]);
  const shown = pinned === null ? texts : texts.filter((text) => pinned.has(text.key));
  const chooseFilter = (value: string) => {
    setFilter(value);
    setPinned(value === '' ? null : new Set(texts.filter((text) => untranslated(text, value)).map((text) => text.key)));
  };

  const change = (path: readonly (string | number)[], lang: string, value: string) => {
    const next = structuredClone(file) as SurveyFile;
    setText(next, path, lang, value);
    onChange(next);
  };

  const addLanguage = (event: FormEvent) => {
    event.preventDefault();
    const code = newCode.trim().toLowerCase();
    setAddedNote(null);
    if (!LANGUAGE_CODE.test(code)) return setAddProblem(t.badCode);
    if (languages.includes(code) && texts.some((x) => (x.texts[code] ?? '') !== '')) return setAddProblem(t.codeExists);
    if (newTitle.trim() === '') return setAddProblem(t.titleNeeded);
    const title = texts.find((x) => x.key === 'envelope.title') ?? texts.find((x) => x.key === 'survey.title');
    if (title) change(title.path, code, newTitle.trim());
    setAdded((list) => (list.includes(code) ? list : [...list, code]));
    setAddProblem(null);
    setNewCode('');
    setNewTitle('');
    setAddedNote(t.languageAdded(languageName(code, language)));
  };

  const download = async () => {
    // The workbook is made from the server's copy: the author's last edits go there first.
    await flush().catch(() => undefined);
    window.location.assign(translationsXlsxUrl(draft.id));
  };

  const importFile = async (event: FormEvent) => {
    event.preventDefault();
    if (!upload) return setOutcome({ kind: 'failed', message: t.chooseFile, problems: [] });
    setBusy(true);
    setOutcome(null);
    try {
      const saved = await flush();
      const applied = await importTranslations(draft.id, { fileName: upload.name, content: await base64Of(upload), revision: saved.revision, emptyErases });
      await reload();
      setOutcome({ kind: 'done', applied });
    } catch (error) {
      if (error instanceof ApiProblem && error.error.code === 'survey_draft_changed') setOutcome({ kind: 'failed', message: t.draftChanged, problems: [] });
      else if (error instanceof ApiProblem && error.error.code === 'translations_invalid') {
        // The server lists every problem after "nothing was applied:", separated by semicolons.
        const detail = error.error.detail ?? '';
        const list = detail.replace(/^.*?nothing was applied: /, '');
        setOutcome({ kind: 'failed', message: t.importFailed, problems: list.split('; ').filter((p) => p !== '') });
      } else setOutcome({ kind: 'failed', message: error instanceof ApiProblem ? (error.error.detail ?? error.error.message) : String(error), problems: [] });
    } finally {
      setBusy(false);
    }
  };

  const appliedText = (applied: TranslationsAppliedT) => {
    const parts = Object.entries(applied.applied).map(([code, n]) => `${languageName(code, language)} ${n}`);
    return Object.values(applied.applied).some((n) => n > 0) ? t.imported(parts.join(', ')) : t.nothingChanged;
  };

  return (
    <section className="translations-tab" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.title}</h2>
      <p>{t.intro}</p>

      <section aria-labelledby={`${id}-complete`}>
        <h3 id={`${id}-complete`}>{t.completeness}</h3>
        <table className="translations-completeness" data-testid="translations-completeness">
          <thead>
            <tr>
              <th scope="col">{t.languageCol}</th>
              <th scope="col">{t.translatedCol}</th>
            </tr>
          </thead>
          <tbody>
            {counts.map((c) => (
              <tr key={c.language} data-language={c.language}>
                <th scope="row">{languageName(c.language, language)}</th>
                <td>
                  <meter min={0} max={Math.max(c.total, 1)} value={c.translated} aria-label={languageName(c.language, language)} /> {t.ofTotal(c.translated, c.total)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby={`${id}-add`} className="translations-add">
        <h3 id={`${id}-add`}>{t.addLanguage}</h3>
        <form onSubmit={addLanguage} className="inline-fields" noValidate>
          <div className="field field--narrow">
            <label htmlFor={`${id}-code`}>{t.languageCode}</label>
            <input id={`${id}-code`} type="text" value={newCode} onChange={(e) => setNewCode(e.target.value)} autoComplete="off" spellCheck={false} aria-describedby={addProblem ? `${id}-add-problem` : undefined} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-name`}>{t.surveyTitleIn}</label>
            <input id={`${id}-name`} type="text" value={newTitle} onChange={(e) => setNewTitle(e.target.value)} dir="auto" />
          </div>
          <div className="field">
            <button type="submit">{t.add}</button>
          </div>
        </form>
        {addProblem && (
          <p id={`${id}-add-problem`} role="alert" className="field-error">
            {addProblem}
          </p>
        )}
        {addedNote && <p role="status">{addedNote}</p>}
      </section>

      <section aria-labelledby={`${id}-xlsx`} className="translations-xlsx">
        <h3 id={`${id}-xlsx`}>{t.xlsx}</h3>
        <p>{t.xlsxIntro}</p>
        <p>
          <button type="button" onClick={() => void download()}>
            {t.download}
          </button>
        </p>
        <form onSubmit={(e) => void importFile(e)}>
          <div className="field">
            <label htmlFor={`${id}-file`}>{t.file}</label>
            <input id={`${id}-file`} type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => setUpload(e.target.files?.[0] ?? null)} />
          </div>
          <label className="translations-check">
            <input type="checkbox" checked={emptyErases} onChange={(e) => setEmptyErases(e.target.checked)} /> {t.emptyErases}
          </label>
          <p>
            <button type="submit" disabled={busy}>
              {busy ? t.uploading : t.upload}
            </button>
          </p>
        </form>
        {outcome?.kind === 'done' && (
          <p role="status" className="translations-done" data-testid="translations-outcome">
            {appliedText(outcome.applied)}
          </p>
        )}
        {outcome?.kind === 'failed' && (
          <div role="alert" className="translations-problem" data-testid="translations-outcome">
            <p>{outcome.message}</p>
            {outcome.problems.length > 0 && (
              <ul>
                {outcome.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>

      <section aria-labelledby={`${id}-texts`}>
        <h3 id={`${id}-texts`}>{t.textCol}</h3>
        <div className="field field--narrow">
          <label htmlFor={`${id}-filter`}>{t.show}</label>
          <select id={`${id}-filter`} value={filter} onChange={(e) => chooseFilter(e.target.value)}>
            <option value="">{t.showAll}</option>
            {languages
              .filter((l) => l !== SOURCE_LANGUAGE)
              .map((l) => (
                <option key={l} value={l}>
                  {t.showUntranslated(languageName(l, language))}
                </option>
              ))}
          </select>
        </div>
        <p role="status">{filter !== '' && shown.length === 0 ? t.noneUntranslated : t.shownCount(shown.length, texts.length)}</p>
        <div className="translations-scroll" role="region" aria-labelledby={`${id}-texts`} tabIndex={0}>
          <table className="translations-table" data-testid="translations-table">
            <thead>
              <tr>
                <th scope="col">{t.textCol}</th>
                {languages.map((l) => (
                  <th scope="col" key={l} lang={l === SOURCE_LANGUAGE ? 'fi' : undefined}>
                    {languageName(l, language)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((text) => (
                <tr key={text.key} data-key={text.key}>
                  <th scope="row">
                    <code>{text.key}</code>
                    <span className="translations-context">{text.context}</span>
                  </th>
                  {languages.map((l) =>
                    l === SOURCE_LANGUAGE ? (
                      <td key={l} lang="fi" className="translations-source">
                        {text.texts[l] ?? ''}
                      </td>
                    ) : (
                      <td key={l} className={untranslated(text, l) ? 'translations-missing' : undefined}>
                        <textarea
                          aria-label={t.cellLabel(languageName(l, language), text.key)}
                          lang={l}
                          dir="auto"
                          rows={Math.min(6, Math.max(2, Math.ceil((text.texts[SOURCE_LANGUAGE]?.length ?? 0) / 40)))}
                          value={text.texts[l] ?? ''}
                          onChange={(e) => change(text.path, l, e.target.value)}
                        />
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </section>
  );
}
