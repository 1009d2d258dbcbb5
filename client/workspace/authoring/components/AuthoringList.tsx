// The survey editor's first page: drafts and served surveys with their source, a new draft (empty,
// a copy, an uploaded file), the next version of a served survey, a draft's deletion (confirmed in
// the page) and every survey's file as a download.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiProblem } from '../../../common/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import { Link } from '../../app/Link.tsx';
import { navigate, paths } from '../../app/router.ts';
import { useApi } from '../../app/useApi.ts';
import { authoringUrls, createDraft, deleteDraft, type AuthoringListT, type NewDraftT } from '../api/authoring.ts';
import { textIn } from '../model.ts';
import { SeriesSection } from '../series/SeriesSection.tsx';
import { authoringTexts } from '../texts.ts';
import '../authoring.css';

type Problem = { field: 'id' | 'file' | 'form'; text: string };

function problemOf(error: unknown): Problem {
  if (error instanceof ApiProblem) {
    const text = [error.error.message, error.error.detail].filter(Boolean).join(' ');
    const code = error.error.code;
    if (code === 'upload_invalid') return { field: 'file', text };
    if (code === 'survey_draft_exists' || code === 'survey_id_taken' || (error.error.fields ?? []).some((f) => f.field.includes('id'))) return { field: 'id', text };
    return { field: 'form', text };
  }
  return { field: 'form', text: error instanceof Error ? error.message : String(error) };
}

export default function AuthoringList() {
  const { language } = useLanguage();
  const t = authoringTexts(language);
  const list = useApi<AuthoringListT>(authoringUrls.list);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = t.title;
  }, [t]);

  const titleOf = (title: unknown, id: string) => textIn(title, language === 'fi' ? 'default' : language) || textIn(title, 'default') || id;
  const remove = async (id: string) => {
    try {
      await deleteDraft(id);
      setConfirming(null);
      setStatus(t.removed(id));
      list.reload();
      heading.current?.focus();
    } catch (error) {
      setProblem(problemOf(error).text);
    }
  };
  const nextVersion = async (id: string) => {
    try {
      await createDraft({ id, from: { kind: 'edit' } });
      navigate(paths.authoringDraft(id));
    } catch (error) {
      setProblem(problemOf(error).text);
    }
  };

  return (
    <div className="authoring">
      <h1 ref={heading} tabIndex={-1}>
        {t.title}
      </h1>
      <p role="status" className="hint">
        {status}
      </p>
      {problem && (
        <div className="notice notice--error" role="alert">
          {problem}
        </div>
      )}
      {list.state === 'error' && (
        <div className="notice notice--error" role="alert">
          {list.message}
        </div>
      )}
      <h2>{t.drafts}</h2>
      {list.data && list.data.drafts.length === 0 && <p>{t.noDrafts}</p>}
      {list.data && list.data.drafts.length > 0 && (
        <div className="table-wrap">
          <table className="data-table" data-testid="drafts">
            <thead>
              <tr>
                <th scope="col">{t.id}</th>
                <th scope="col">{t.surveyTitle}</th>
                <th scope="col">{t.revision}</th>
                <th scope="col">{t.saved}</th>
                <th scope="col">{t.source}</th>
                <th scope="col">{t.published}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.drafts.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    <Link href={paths.authoringDraft(d.id)} aria-label={t.openDraft(d.id)}>
                      {d.id}
                    </Link>
                  </th>
                  <td>{titleOf(d.title, d.id)}</td>
                  <td className="num">{d.revision}</td>
                  <td>
                    {new Date(d.updatedAt).toLocaleString(language)} {d.updatedByEmail ? `(${d.updatedByEmail})` : ''}
                  </td>
                  <td>{t.sources[d.source]}</td>
                  <td>{d.publishedVersion ?? t.notPublished}</td>
                  <td>
                    <div className="row-actions">
                      <a className="button button--secondary button--small" href={authoringUrls.file(d.id, true)} download={`${d.id}.json`} aria-label={t.downloadOf(d.id)}>
                        {t.download}
                      </a>
                      {confirming === d.id ? (
                        <span role="group" aria-label={t.confirmRemove(d.id)} className="row-actions">
                          <span>{t.confirmRemove(d.id)}</span>
                          <button type="button" className="button button--small" onClick={() => void remove(d.id)}>
                            {t.confirm}
                          </button>
                          <button type="button" className="button button--secondary button--small" onClick={() => setConfirming(null)}>
                            {t.cancel}
                          </button>
                        </span>
                      ) : (
                        <button type="button" className="button button--secondary button--small" aria-label={t.removeDraft(d.id)} onClick={() => setConfirming(d.id)}>
                          {t.remove}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewDraftForm surveys={list.data?.surveys ?? []} titleOf={titleOf} />
      <h2>{t.served}</h2>
      {list.data && (
        <div className="table-wrap">
          <table className="data-table" data-testid="served">
            <thead>
              <tr>
                <th scope="col">{t.id}</th>
                <th scope="col">{t.surveyTitle}</th>
                <th scope="col">{t.published}</th>
                <th scope="col">{t.source}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.surveys.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.id}</th>
                  <td>{titleOf(s.title, s.id)}</td>
                  <td className="num">{s.version}</td>
                  <td>{t.sources[s.source]}</td>
                  <td>
                    <div className="row-actions">
                      <a className="button button--secondary button--small" href={authoringUrls.file(s.id, false)} download={`${s.id}.json`} aria-label={t.downloadOf(s.id)}>
                        {t.download}
                      </a>
                      {s.hasDraft ? (
                        <Link className="button button--secondary button--small" href={paths.authoringDraft(s.id)} aria-label={t.openDraft(s.id)}>
                          {t.open}
                        </Link>
                      ) : (
                        <button type="button" className="button button--secondary button--small" aria-label={t.nextVersionOf(s.id)} onClick={() => void nextVersion(s.id)}>
                          {t.nextVersion}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <SeriesSection />
    </div>
  );
}

function NewDraftForm({ surveys, titleOf }: { surveys: AuthoringListT['surveys']; titleOf(title: unknown, id: string): string }) {
  const { language } = useLanguage();
  const t = authoringTexts(language);
  const id = useId();
  const [draftId, setDraftId] = useState('');
  const [kind, setKind] = useState<'empty' | 'copy' | 'upload'>('empty');
  const [copyOf, setCopyOf] = useState('');
  const [text, setText] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    let from: NewDraftT['from'];
    if (kind === 'copy') from = { kind: 'copy', survey: copyOf || surveys[0]?.id || '' };
    else if (kind === 'upload') {
      if (!text) return setProblem({ field: 'file', text: t.uploadFile });
      from = { kind: 'upload', text };
    } else from = { kind: 'empty' };
    setBusy(true);
    try {
      await createDraft({ id: draftId.trim(), from });
      navigate(paths.authoringDraft(draftId.trim()));
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };
  const error = (field: Problem['field']) =>
    problem?.field === field ? (
      <span id={`${id}-${field}-error`} className="field-error" role="alert">
        {problem.text}
      </span>
    ) : null;

  return (
    <form className="authoring-new" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.create}</h2>
      <div className="field">
        <label htmlFor={`${id}-id`}>{t.newId}</label>
        <input
          id={`${id}-id`}
          value={draftId}
          onChange={(e) => setDraftId(e.target.value)}
          required
          autoComplete="off"
          spellCheck={false}
          aria-invalid={problem?.field === 'id' || undefined}
          aria-describedby={`${id}-id-help${problem?.field === 'id' ? ` ${id}-id-error` : ''}`}
        />
        <span id={`${id}-id-help`} className="hint">
          {t.newIdHelp}
        </span>
        {error('id')}
      </div>
      <fieldset className="inline-choices">
        <legend>{t.startFrom}</legend>
        {(['empty', 'copy', 'upload'] as const).map((k) => (
          <label key={k} className="choice">
            <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} />
            {k === 'empty' ? t.fromEmpty : k === 'copy' ? t.fromCopy : t.fromUpload}
          </label>
        ))}
      </fieldset>
      {kind === 'copy' && (
        <div className="field">
          <label htmlFor={`${id}-copy`}>{t.copyOf}</label>
          <select id={`${id}-copy`} value={copyOf || surveys[0]?.id || ''} onChange={(e) => setCopyOf(e.target.value)}>
            {surveys.map((s) => (
              <option key={s.id} value={s.id}>
                {titleOf(s.title, s.id)} ({s.id})
              </option>
            ))}
          </select>
        </div>
      )}
      {kind === 'upload' && (
        <div className="field">
          <label htmlFor={`${id}-file`}>{t.uploadFile}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".json,application/json"
            aria-invalid={problem?.field === 'file' || undefined}
            aria-describedby={problem?.field === 'file' ? `${id}-file-error` : undefined}
            onChange={(e) => {
              const chosen = e.target.files?.[0];
              setText(null);
              if (chosen) void chosen.text().then(setText);
            }}
          />
          {error('file')}
        </div>
      )}
      {error('form')}
      <button type="submit" className="button" disabled={busy}>
        {t.createButton}
      </button>
    </form>
  );
}
