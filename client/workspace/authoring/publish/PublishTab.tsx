// The last step of writing a survey: what still stops publishing, what publishing would change against
// the version respondents see now (questions added, removed and changed; per question the choices, rows
// and columns added, removed and relabelled), the changes that make earlier answers mean something else
// (each marked, with a confirmation saying what comparability is lost), and publishing itself. The
// draft is saved first: the server publishes, and diffs, its own copy.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { ApiProblem } from '../../../common/session.ts';
import { useLanguage, type Language } from '../../app/i18n.tsx';
import { Link } from '../../app/Link.tsx';
import { paths } from '../../app/router.ts';
import { elementsInOrder, surveyText } from '../conditions/check.ts';
import type { DraftTabProps, SurveyFile } from '../tab.ts';
import { getDiff, getPublishedFile, publishDraft, type DraftDiffT, type PublishedT, type QuestionChangeT } from './api.ts';
import { publishTexts, type PublishTexts } from './texts.ts';
import './publish.css';

/** survey-core's answer-scale properties (server/authoring/diff.ts's SCALE_KEYS): a change there is breaking. */
const SCALE_KEYS = ['rateMin', 'rateMax', 'rateStep', 'rateValues', 'rateCount', 'inputType', 'cellType', 'valueTrue', 'valueFalse'];

type Json = Record<string, unknown>;

/** A definition's questions by name, with their items' texts (choices by value, rows by value, columns by name). */
function questionIndex(file: SurveyFile | null): Map<string, Json> {
  const map = new Map<string, Json>();
  if (!file) return map;
  for (const { element } of elementsInOrder(file.survey)) if (typeof element.name === 'string') map.set(element.name, element);
  return map;
}

function itemText(question: Json | undefined, list: 'choices' | 'rows' | 'columns', key: string, language: Language): string {
  const items = question?.[list];
  if (!Array.isArray(items)) return key;
  for (const item of items) {
    if (typeof item === 'object' && item !== null) {
      const it = item as Json;
      if (String(it.value ?? it.name) === key) return `«${surveyText(it.text ?? it.title, language, key)}» (${key})`;
    } else if (String(item) === key) return key;
  }
  return key;
}

type Problem = { code: string; message: string; detail?: string };

export default function PublishTab({ draft, file, flush, reload }: DraftTabProps) {
  const { language } = useLanguage();
  const t = publishTexts(language);
  const id = useId();
  const [diff, setDiff] = useState<DraftDiffT | null>(null);
  const [diffProblem, setDiffProblem] = useState<string | null>(null);
  const [before, setBefore] = useState<SurveyFile | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PublishedT | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const outcome = useRef<HTMLDivElement>(null);

  // The author's last changes go to the server first: the difference is of the server's copy.
  useEffect(() => {
    void flush().catch(() => undefined);
  }, [draft.id]);
  useEffect(() => {
    if (result) return;
    let current = true;
    getDiff(draft.id).then(
      (d) => current && (setDiff(d), setDiffProblem(null)),
      (e: unknown) => current && setDiffProblem(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      current = false;
    };
  }, [draft.id, draft.revision, result]);
  useEffect(() => {
    if (draft.publishedVersion === null) return;
    let current = true;
    getPublishedFile(draft.id).then(
      (f) => current && setBefore(f),
      // Only the published texts (removed questions' titles, old choice labels) come from it: without it the names stay.
      () => current && setBefore({ survey: {} }),
    );
    return () => {
      current = false;
    };
  }, [draft.id, draft.publishedVersion]);
  useEffect(() => {
    if (result || problem) outcome.current?.focus();
  }, [result, problem]);

  const now = useMemo(() => questionIndex(file), [file]);
  const old = useMemo(() => questionIndex(before), [before]);
  const title = (name: string, where: Map<string, Json>) => surveyText(where.get(name)?.title, language, name);
  const errors = draft.check.errors;
  const breakingChanges = diff ? diff.diff.changed.filter((c) => c.breaking.length > 0) : [];
  const needsConfirm = diff !== null && diff.publishedVersion !== null && breakingChanges.length > 0;
  const blocked = errors.length > 0 ? t.blockedByErrors : needsConfirm && !confirmed ? t.needsConfirm : null;

  const publish = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await flush();
      setResult(await publishDraft(draft.id, needsConfirm && confirmed));
    } catch (error) {
      if (error instanceof ApiProblem) setProblem({ code: error.error.code, message: error.error.message, detail: error.error.detail });
      else setProblem({ code: 'network', message: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  const reasons = (c: QuestionChangeT): string[] => {
    const out: string[] = [];
    const was = old.get(c.name);
    const is = now.get(c.name);
    if (c.properties.includes('type')) out.push(t.typeChanged(String(was?.type ?? '?'), String(is?.type ?? '?')));
    if (c.choices.removed.length > 0) out.push(t.itemsGone(t.choices, c.choices.removed.map((k) => itemText(was, 'choices', k, language)).join(', ')));
    if (c.rows.removed.length > 0) out.push(t.itemsGone(t.rows, c.rows.removed.map((k) => itemText(was, 'rows', k, language)).join(', ')));
    if (c.columns.removed.length > 0) out.push(t.itemsGone(t.columns, c.columns.removed.map((k) => itemText(was, 'columns', k, language)).join(', ')));
    const scale = SCALE_KEYS.filter((k) => c.properties.includes(k));
    if (scale.length > 0) out.push(t.scaleChanged(scale.join(', ')));
    return out;
  };

  return (
    <section className="publish-tab" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.title}</h2>
      <p>{draft.publishedVersion === null ? t.neverPublished : t.publishedVersion(draft.publishedVersion)}</p>

      <section aria-labelledby={`${id}-checks`} className="publish-checks">
        <h3 id={`${id}-checks`}>{t.checks}</h3>
        {errors.length === 0 ? (
          <p className="publish-ok">{t.noErrors}</p>
        ) : (
          <>
            <p>{t.errorsStop(errors.length)}</p>
            <ul className="publish-errors">
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </>
        )}
        {draft.check.warnings.length > 0 ? (
          <>
            <h4>{t.warnings}</h4>
            <ul className="publish-warnings">
              {draft.check.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby={`${id}-diff`} className="publish-diff" data-testid="publish-diff">
        <h3 id={`${id}-diff`}>{t.diff}</h3>
        {/* Shown once the published version's texts are there too: a label read as its bare value, then replaced, would be read twice. */}
        {diff === null || (draft.publishedVersion !== null && before === null) ? (
          <p role="status">{diffProblem ?? t.loadingDiff}</p>
        ) : (
          <DiffView t={t} diff={diff} title={title} now={now} old={old} language={language} reasons={reasons} />
        )}
      </section>

      {needsConfirm && !result ? (
        <section aria-labelledby={`${id}-breaking`} className="publish-breaking">
          <h3 id={`${id}-breaking`}>{t.breakingTitle}</h3>
          <p id={`${id}-explain`}>{t.breakingExplain}</p>
          <ul>
            {breakingChanges.map((c) => (
              <li key={c.name}>
                <strong>{title(c.name, now)}</strong> ({c.name}): {reasons(c).join('; ')}
              </li>
            ))}
          </ul>
          <label className="publish-confirm">
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} aria-describedby={`${id}-explain`} />
            {t.confirm}
          </label>
        </section>
      ) : null}

      {result ? null : (
        <div className="publish-action">
          {blocked ? (
            <p id={`${id}-blocked`} className="publish-blocked">
              {blocked}
            </p>
          ) : null}
          <button type="button" className="publish-button" onClick={() => void publish()} disabled={busy || diff === null || blocked !== null} aria-describedby={blocked ? `${id}-blocked` : undefined}>
            {busy ? t.publishing : t.publish}
          </button>
        </div>
      )}

      <div ref={outcome} tabIndex={-1} className="publish-outcome">
        {result ? (
          <div role="status" className="publish-done">
            <p>{t.published(result.version, result.previousVersion)}</p>
            <p>
              <Link href={paths.survey(result.id)}>{t.openResults}</Link>
            </p>
          </div>
        ) : problem ? (
          <div role="alert" className="publish-problem">
            <p>{problemWords(t, problem.code) ?? t.failed}</p>
            <p className="publish-problem-detail">{problem.detail ?? problem.message}</p>
            {problem.code === 'survey_draft_changed' ? (
              <button type="button" onClick={() => void reload().then(() => setProblem(null))}>
                {t.reload}
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}

function problemWords(t: PublishTexts, code: string): string | null {
  switch (code) {
    case 'survey_from_file':
      return t.fromFile;
    case 'survey_draft_changed':
      return t.draftChanged;
    case 'confirmation_needed':
      return t.confirmationNeeded;
    case 'survey_draft_invalid':
      return t.draftInvalid;
    default:
      return null;
  }
}

function DiffView({
  t,
  diff,
  title,
  now,
  old,
  language,
  reasons,
}: {
  t: PublishTexts;
  diff: DraftDiffT;
  title(name: string, where: Map<string, Json>): string;
  now: Map<string, Json>;
  old: Map<string, Json>;
  language: Language;
  reasons(c: QuestionChangeT): string[];
}) {
  const { added, removed, changed } = diff.diff;
  if (added.length + removed.length + changed.length === 0) return <p>{t.diffNone}</p>;
  const items = (label: string, list: 'choices' | 'rows' | 'columns', c: QuestionChangeT) => {
    const change = c[list];
    if (change.added.length + change.removed.length + change.relabelled.length === 0) return null;
    const was = old.get(c.name);
    const is = now.get(c.name);
    return (
      <div className="publish-items">
        <span className="publish-items-label">{label}:</span>
        <ul>
          {change.added.map((k) => (
            <li key={`a${k}`} className="publish-added">
              {t.itemsAdded}: {itemText(is, list, k, language)}
            </li>
          ))}
          {change.removed.map((k) => (
            <li key={`r${k}`} className="publish-removed">
              {t.itemsRemoved}: {itemText(was, list, k, language)}
            </li>
          ))}
          {change.relabelled.map((k) => (
            <li key={`l${k}`}>
              {t.itemsRelabelled}: {itemText(was, list, k, language)} → {itemText(is, list, k, language)}
            </li>
          ))}
        </ul>
      </div>
    );
  };
  return (
    <>
      {diff.publishedVersion === null ? <p>{t.diffNew}</p> : null}
      {added.length > 0 ? (
        <>
          <h4>{t.added(added.length)}</h4>
          <ul className="publish-questions">
            {added.map((name) => (
              <li key={name} className="publish-added">
                {title(name, now)} <span className="publish-name">({name})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {removed.length > 0 ? (
        <>
          <h4>{t.removed(removed.length)}</h4>
          <ul className="publish-questions">
            {removed.map((name) => (
              <li key={name} className="publish-removed">
                {title(name, old)} <span className="publish-name">({name})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {changed.length > 0 ? (
        <>
          <h4>{t.changed(changed.length)}</h4>
          <ul className="publish-questions">
            {changed.map((c) => (
              <li key={c.name} className={c.breaking.length > 0 ? 'publish-change publish-change-breaking' : 'publish-change'}>
                <p className="publish-change-title">
                  <strong>{title(c.name, now)}</strong> <span className="publish-name">({c.name})</span>
                  {c.breaking.length > 0 ? <span className="publish-mark"> {t.breakingMark}</span> : null}
                </p>
                {c.breaking.length > 0 ? <p className="publish-reasons">{reasons(c).join('; ')}</p> : null}
                <p className="publish-properties">
                  {t.properties}: {c.properties.join(', ')}
                </p>
                {items(t.choices, 'choices', c)}
                {items(t.rows, 'rows', c)}
                {items(t.columns, 'columns', c)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
