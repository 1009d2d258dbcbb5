// The survey editor's host: loads a draft, keeps the author's unsaved file, autosaves it (a
// debounced PUT naming the revision it began from) and renders the tabs, each a lazily loaded
// chunk on the contract of ../tab.ts. A save refused because someone else saved meanwhile (409
// survey_draft_changed) is shown with who saved when and is never retried over theirs on its own;
// until a save succeeds the author's copy is kept in this browser (localStorage), so a reload, a
// closed tab or a conflict loses nothing.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ComponentType, type LazyExoticComponent } from 'react';
import { ApiProblem } from '../../../common/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import { Link } from '../../app/Link.tsx';
import { paths } from '../../app/router.ts';
import { getDraft, saveDraft } from '../api/authoring.ts';
import { dropLocalCopy, readLocalCopy, writeLocalCopy } from '../local-copy.ts';
import { sameFile, textIn } from '../model.ts';
import { DRAFT_TAB_SEGMENTS, type DraftTab, type DraftTabProps, type DraftView, type SurveyFile } from '../tab.ts';
import { authoringTexts } from '../texts.ts';
import '../authoring.css';

/** The host's own tabs beyond the shared contract: the envelope settings. */
export type HostTab = DraftTab | 'settings';
export const HOST_TAB_SEGMENTS: Record<HostTab, string> = { ...DRAFT_TAB_SEGMENTS, settings: '/asetukset' };
const TAB_ORDER: readonly HostTab[] = ['structure', 'settings', 'translations', 'preview', 'checks', 'json', 'publish'];

const TABS: Record<HostTab, LazyExoticComponent<ComponentType<DraftTabProps>>> = {
  structure: lazy(() => import('./StructureTab.tsx')),
  settings: lazy(() => import('./SettingsTab.tsx')),
  json: lazy(() => import('./JsonTab.tsx')),
  translations: lazy(() => import('../translations/TranslationsTab.tsx')),
  preview: lazy(() => import('../preview/PreviewTab.tsx')),
  checks: lazy(() => import('../lint/ChecksTab.tsx')),
  publish: lazy(() => import('../publish/PublishTab.tsx')),
};

/** How long the author may pause before the file is saved. */
const AUTOSAVE_DELAY_MS = 1200;


type Phase = { kind: 'saved' } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'failed'; message: string } | { kind: 'conflict'; latest: DraftView | null; restored: boolean };

export default function DraftEditor({ draftId, segment, userId }: { draftId: string; segment: string; userId: string }) {
  const { language } = useLanguage();
  const t = authoringTexts(language);
  const tab = TAB_ORDER.find((k) => HOST_TAB_SEGMENTS[k] === segment) ?? null;

  const [draft, setDraft] = useState<DraftView | null>(null);
  const [file, setFile] = useState<SurveyFile | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'saved' });
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const draftRef = useRef<DraftView | null>(null);
  const fileRef = useRef<SurveyFile | null>(null);
  const dirty = useRef(false);
  const conflict = useRef(false);
  const timer = useRef<number | undefined>(undefined);
  const inFlight = useRef<Promise<DraftView> | null>(null);

  const adopt = useCallback((d: DraftView) => {
    draftRef.current = d;
    setDraft(d);
  }, []);
  const keepLocal = useCallback(() => {
    if (draftRef.current && fileRef.current) writeLocalCopy(draftId, { revision: draftRef.current.revision, file: fileRef.current });
  }, [draftId]);

  const showConflict = useCallback(
    async (restored: boolean) => {
      conflict.current = true;
      window.clearTimeout(timer.current);
      setPhase({ kind: 'conflict', latest: null, restored });
      const latest = await getDraft(draftId).catch(() => null);
      setPhase({ kind: 'conflict', latest, restored });
    },
    [draftId],
  );

  const save = useCallback(async (): Promise<DraftView> => {
    while (inFlight.current) await inFlight.current.catch(() => undefined);
    const base = draftRef.current!;
    const sent = fileRef.current!;
    if (!dirty.current || conflict.current) return base;
    setPhase({ kind: 'saving' });
    const attempt = saveDraft(draftId, base.revision, sent);
    inFlight.current = attempt;
    try {
      const saved = await attempt;
      adopt(saved);
      if (fileRef.current === sent) {
        dirty.current = false;
        dropLocalCopy(draftId);
        setPhase({ kind: 'saved' });
      } else {
        keepLocal();
        setPhase({ kind: 'pending' });
      }
      return saved;
    } catch (error) {
      if (error instanceof ApiProblem && error.error.code === 'survey_draft_changed') void showConflict(false);
      else {
        if (error instanceof ApiProblem && error.status === 401) window.dispatchEvent(new Event('workspace:signed-out'));
        setPhase({ kind: 'failed', message: error instanceof ApiProblem ? [error.error.message, error.error.detail].filter(Boolean).join(' ') : String(error) });
      }
      throw error;
    } finally {
      inFlight.current = null;
    }
  }, [adopt, draftId, keepLocal, showConflict]);

  const schedule = useCallback(() => {
    window.clearTimeout(timer.current);
    if (conflict.current) return;
    timer.current = window.setTimeout(() => void save().catch(() => undefined), AUTOSAVE_DELAY_MS);
  }, [save]);

  const onChange = useCallback(
    (next: SurveyFile) => {
      fileRef.current = next;
      setFile(next);
      dirty.current = true;
      keepLocal();
      if (!conflict.current) {
        setPhase({ kind: 'pending' });
        schedule();
      }
    },
    [keepLocal, schedule],
  );

  const reload = useCallback(async (): Promise<DraftView> => {
    window.clearTimeout(timer.current);
    const d = await getDraft(draftId);
    adopt(d);
    fileRef.current = d.file;
    setFile(d.file);
    dirty.current = false;
    conflict.current = false;
    dropLocalCopy(draftId);
    setPhase({ kind: 'saved' });
    return d;
  }, [adopt, draftId]);

  const flush = useCallback(async (): Promise<DraftView> => {
    window.clearTimeout(timer.current);
    return save();
  }, [save]);

  // Load, and take back an unsaved copy this browser kept.
  useEffect(() => {
    let current = true;
    getDraft(draftId).then(
      (d) => {
        if (!current) return;
        adopt(d);
        const local = readLocalCopy(draftId);
        if (local && !sameFile(local.file, d.file)) {
          fileRef.current = local.file;
          setFile(local.file);
          dirty.current = true;
          if (local.revision === d.revision) {
            setNotice(t.restored);
            setPhase({ kind: 'pending' });
            schedule();
          } else void showConflict(true);
        } else {
          dropLocalCopy(draftId);
          fileRef.current = d.file;
          setFile(d.file);
        }
      },
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiProblem && error.status === 401) window.dispatchEvent(new Event('workspace:signed-out'));
        setLoadError(error instanceof ApiProblem ? [error.error.message, error.error.detail].filter(Boolean).join(' ') : String(error));
      },
    );
    return () => {
      current = false;
      window.clearTimeout(timer.current);
    };
    // Loaded once per draft; the texts' language does not reload it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draftId]);

  // Leaving the editor for another view with a save pending: save now. A closed or reloaded tab
  // does not try (a request cut off mid-way could race the next load's); its copy is in
  // localStorage and is restored and saved when the draft is opened again.
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(
    () => () => {
      if (dirty.current && !conflict.current) void saveRef.current().catch(() => undefined);
    },
    [],
  );

  const keepMine = async () => {
    const latest = await getDraft(draftId);
    adopt(latest);
    conflict.current = false;
    dirty.current = true;
    keepLocal();
    await save().catch(() => undefined);
  };
  const takeTheirs = async () => {
    await reload();
  };

  const title = useMemo(() => {
    const f = file ?? draft?.file;
    const lang = language === 'fi' ? 'default' : language;
    return f ? textIn(f.title, lang) || textIn(f.title, 'default') || textIn(f.survey.title, 'default') || draftId : draftId;
  }, [file, draft, language, draftId]);
  useEffect(() => {
    document.title = t.editorOf(title);
  }, [t, title]);

  if (loadError) {
    return (
      <div className="authoring">
        <h1>{t.editorOf(draftId)}</h1>
        <div className="notice notice--error" role="alert">
          {loadError}
        </div>
        <Link href={paths.authoring}>{t.backToList}</Link>
      </div>
    );
  }
  if (!draft || !file) {
    return (
      <p className="loading" role="status">
        {t.loading}
      </p>
    );
  }
  const Tab = tab ? TABS[tab] : null;
  const when = (iso: string) => new Date(iso).toLocaleString(language, { dateStyle: 'short', timeStyle: 'medium' });

  return (
    <div className="authoring">
      <p className="breadcrumb">
        <Link href={paths.authoring}>{t.backToList}</Link>
      </p>
      <h1>{t.editorOf(title)}</h1>
      <div className="draft-status">
        <p role="status" aria-live="polite" data-testid="save-status" data-phase={phase.kind}>
          {phase.kind === 'saved' && t.statusSaved(draft.revision, when(draft.updatedAt))}
          {phase.kind === 'pending' && t.statusPending}
          {phase.kind === 'saving' && t.statusSaving}
          {phase.kind === 'failed' && t.statusFailed(phase.message)}
        </p>
        <p className="hint">
          {draft.check.errors.length > 0 && t.errors(draft.check.errors.length)}
          {draft.check.errors.length > 0 && draft.check.warnings.length > 0 && ' · '}
          {draft.check.warnings.length > 0 && t.warnings(draft.check.warnings.length)}
        </p>
      </div>
      {notice && phase.kind !== 'conflict' && <p className="notice">{notice}</p>}
      {phase.kind === 'conflict' && (
        <div className="notice notice--warn" role="alert" data-testid="conflict">
          <p>{phase.restored && draft ? t.restoredStale(readLocalCopy(draftId)?.revision ?? draft.revision) : t.conflict}</p>
          {phase.latest && <p>{t.conflictDetail(phase.latest.updatedBy === userId ? t.youElsewhere : (phase.latest.updatedByEmail ?? t.someone), when(phase.latest.updatedAt), phase.latest.revision)}</p>}
          <div className="row-actions">
            <button type="button" className="button" onClick={() => void keepMine()}>
              {t.keepMine}
            </button>
            <button type="button" className="button button--secondary" onClick={() => void takeTheirs()}>
              {t.takeTheirs}
            </button>
          </div>
        </div>
      )}
      <nav aria-label={t.tabsNav} className="tabs">
        <ul>
          {TAB_ORDER.map((k) => (
            <li key={k}>
              <Link href={paths.authoringDraft(draftId, HOST_TAB_SEGMENTS[k])} aria-current={k === tab ? 'page' : undefined}>
                {t.tabs[k]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Suspense
        fallback={
          <p className="loading" role="status">
            {t.loading}
          </p>
        }
      >
        {Tab ? <Tab draft={draft} file={file} onChange={onChange} flush={flush} reload={reload} /> : <p role="alert">404</p>}
      </Suspense>
    </div>
  );
}
