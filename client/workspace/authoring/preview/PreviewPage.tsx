// `/esikatselu/<id>`: the respondent page of a draft, shown in the survey editor's preview tab in a
// frame. A lazily loaded chunk of the respondent's own entry (survey.html), so it is the residents'
// page and not a copy of it: the same survey-core model set-up (model.ts: theme, Kuulo's strings
// over survey-core's, the same CSS files), the same Layout, language switch, introduction and
// progress line, at the frame's real width (375 px or 1440 px: the media queries and survey-core's
// own mobile layout apply as on a phone). What differs is only what must: the file comes from the
// editor (unsaved changes included) through postMessage instead of the API, and the last button
// hands the answers to the editor as a test answer instead of the outbox; nothing is kept in this
// browser as a resident's draft, and no attempt is pinged.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SurveyModel } from 'survey-core';
import { Survey } from 'survey-react-ui';
import { LANGUAGES, languagesOf, localized, useLanguage, type Language } from '../../../respond/i18n.tsx';
import { Layout, paths } from '../../../respond/Layout.tsx';
import { createSurveyModel, definitionLocales, usePageProgress } from '../../../respond/survey/model.ts';
import { previewMessage, type FromPreview, type ToPreview } from './messages.ts';
import { previewTexts } from './texts.ts';

type File = Extract<ToPreview, { type: 'kuulo-preview:file' }>['file'];
type Texts = string | Record<string, string> | undefined;

function tell(message: FromPreview) {
  if (window.parent !== window) window.parent.postMessage(message, window.location.origin);
}

export default function PreviewPage() {
  const { t, language, setLanguage } = useLanguage();
  const [file, setFile] = useState<File | null>(null);
  const [formChecks, setFormChecks] = useState(true);
  const [sent, setSent] = useState(false);
  const [generation, setGeneration] = useState(0);
  // The answers carried into the next model: kept when the file changes or the author goes back to correct them.
  const carried = useRef<{ data: Record<string, unknown>; page: number } | null>(null);
  const previous = useRef<SurveyModel | null>(null);

  useEffect(() => {
    const receive = (event: MessageEvent) => {
      const message = previewMessage<ToPreview>(event, window.parent);
      if (!message) return;
      if (message.type === 'kuulo-preview:file') {
        if (previous.current) carried.current = { data: previous.current.data as Record<string, unknown>, page: previous.current.currentPageNo };
        setFile(message.file);
        if ((LANGUAGES as readonly string[]).includes(message.language)) setLanguage(message.language as Language);
      } else if (message.type === 'kuulo-preview:language') {
        if ((LANGUAGES as readonly string[]).includes(message.language)) setLanguage(message.language as Language);
      } else if (message.type === 'kuulo-preview:checks') setFormChecks(message.formChecks);
      else if (message.type === 'kuulo-preview:again') {
        carried.current = message.keep && previous.current ? { data: previous.current.data as Record<string, unknown>, page: 0 } : null;
        setSent(false);
        setGeneration((g) => g + 1);
      }
    };
    window.addEventListener('message', receive);
    tell({ type: 'kuulo-preview:ready' });
    return () => window.removeEventListener('message', receive);
  }, [setLanguage]);

  // The frame's height follows the page, so the editor shows it whole without a second scroll bar.
  useEffect(() => {
    const observer = new ResizeObserver(() => tell({ type: 'kuulo-preview:height', height: document.documentElement.scrollHeight }));
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  const definition = file?.survey ?? null;
  const model = useMemo(() => {
    previous.current?.dispose();
    if (!definition) return (previous.current = null);
    const restore = carried.current;
    carried.current = null;
    const created = createSurveyModel(definition, {
      language,
      draft: restore ? { data: restore.data, page: restore.page, startedAt: new Date().toISOString() } : null,
      onChange: () => undefined,
    });
    return (previous.current = created);
    // The language is followed below without a new model, as on the respondent page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [definition, generation]);

  useEffect(() => {
    if (model) model.locale = language;
  }, [model, language]);
  useEffect(() => {
    if (model) model.validationEnabled = formChecks;
  }, [model, formChecks]);

  useEffect(() => {
    if (!model) return;
    const complete = (sender: SurveyModel) => {
      tell({ type: 'kuulo-preview:answer', data: sender.data as Record<string, unknown>, locale: sender.locale || 'fi' });
      setSent(true);
    };
    model.onComplete.add(complete);
    return () => model.onComplete.remove(complete);
  }, [model]);

  const { progress, firstPage } = usePageProgress(model);

  const languages = useMemo(() => (definition ? languagesOf([...definitionLocales(definition), ...definitionLocales({ title: file?.title })]) : (['fi'] as Language[])), [definition, file]);
  useEffect(() => {
    if (!definition) return;
    tell({ type: 'kuulo-preview:languages', languages, language });
  }, [definition, languages, language]);

  const p = previewTexts(language);
  if (!file || !model) {
    return (
      <Layout languages={['fi', 'sv', 'en']} title="">
        <p role="status">{p.loading}</p>
      </Layout>
    );
  }
  const title = localized((file.title ?? file.survey.title) as Texts, language);
  const description = localized(file.survey.description as Texts, language);
  const privacy = file.privacy as { controller?: Texts; purpose?: Texts } | null | undefined;
  const id = typeof file.id === 'string' ? file.id : '';
  return (
    <Layout languages={languages} title={title}>
      <div className="survey-intro">
        <h1>{title}</h1>
        {description && firstPage && !sent && <p>{description}</p>}
        {privacy && !firstPage && !sent && (
          <p className="survey-intro__meta">
            <a href={paths.privacy(id)}>{t.privacyNotice}</a>
          </p>
        )}
        {privacy && firstPage && !sent && (
          <div className="survey-intro__meta">
            <dl>
              <dt>{t.controller}</dt>
              <dd>{localized(privacy.controller, language)}</dd>
              <dt>{t.purpose}</dt>
              <dd>{localized(privacy.purpose, language)}</dd>
            </dl>
            <p>
              <a href={paths.privacy(id)}>{t.privacyNotice}</a>
              {' · '}
              {t.answersKept}
            </p>
          </div>
        )}
      </div>
      {sent ? (
        <p className="notice" role="status" data-testid="preview-sent">
          {p.sentInFrame}
        </p>
      ) : (
        <>
          {progress && (
            <p className="survey-progress" data-testid="page-progress">
              {t.pageProgress(progress.page, progress.of)}
            </p>
          )}
          <div className="survey-form">
            <Survey model={model} />
          </div>
        </>
      )}
    </Layout>
  );
}
