import { useEffect, useId, useState, type FormEvent } from 'react';
import { sessionGet } from '../../../common/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import { useApi } from '../../app/useApi.ts';
import { createLinks, distributionUrls, setLinkClosed, type AdminSurvey, type Link, type Municipality } from '../api/distribution.ts';
import { distributionTexts } from '../texts.ts';
import { CopyButton, LoadProblem, problemText, When } from './shared.tsx';

type Text = string | Record<string, string>;
interface Element {
  name?: string;
  choices?: (string | { value: unknown; text?: Text })[];
  elements?: Element[];
  pages?: Element[];
  templateElements?: Element[];
}

/** The choices of the survey's municipality question, read from its definition (no survey-core in the workspace). */
function municipalityChoices(definition: Element, question: string, text: (t: Text) => string): Municipality[] {
  const stack: Element[] = [definition];
  while (stack.length) {
    const element = stack.pop()!;
    if (element.name === question && element.choices) {
      return element.choices.map((c) => (typeof c === 'string' ? { code: c, name: c } : { code: String(c.value), name: c.text ? text(c.text) : String(c.value) }));
    }
    stack.push(...(element.pages ?? []), ...(element.elements ?? []), ...(element.templateElements ?? []));
  }
  return [];
}

const useSurveyMunicipalities = (surveyId: string) => {
  const { text } = useLanguage();
  const [list, setList] = useState<Municipality[] | null>(null);
  useEffect(() => {
    let current = true;
    // The public survey (404 for a draft): then only "all municipalities" is offered.
    sessionGet<{ municipalityQuestion: string | null; definition: Element }>(`/api/surveys/${encodeURIComponent(surveyId)}`).then(
      (s) => current && setList(s.municipalityQuestion ? municipalityChoices(s.definition, s.municipalityQuestion, text) : []),
      () => current && setList([]),
    );
    return () => {
      current = false;
    };
  }, [surveyId, text]);
  return list;
};

/** The public link and the municipality links, each with its QR code, counters and a switch to close it. */
export function LinksView({ survey }: { survey: AdminSurvey }) {
  const { language, t: app } = useLanguage();
  const t = distributionTexts(language);
  const id = useId();
  const links = useApi<{ links: Link[] }>(distributionUrls.links(survey.id));
  const municipalities = useSurveyMunicipalities(survey.id);
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ ok: true, text: await work() });
      links.reload();
    } catch (error) {
      setMessage({ ok: false, text: problemText(error) });
    } finally {
      setBusy(false);
    }
  };
  const create = (municipalitiesWanted: string[] | 'all') =>
    run(async () => {
      const { links: made } = await createLinks(survey.id, { kind: 'municipality', municipalities: municipalitiesWanted });
      setChosen([]);
      return t.created(made.length);
    });
  const submitChosen = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (chosen.length > 0) void create(chosen);
  };

  const shown = (links.data?.links ?? []).filter((l) => l.kind !== 'invitation');
  const publicLinks = shown.filter((l) => l.kind === 'public');
  const municipalityLinks = shown.filter((l) => l.kind === 'municipality');
  return (
    <>
      <div aria-live="polite">{message && <p className={`notice ${message.ok ? 'notice--ok' : 'notice--error'}`}>{message.text}</p>}</div>
      {links.state === 'error' && <LoadProblem onRetry={links.reload} />}
      <section aria-labelledby={`${id}-public`}>
        <h2 id={`${id}-public`}>{t.publicLink}</h2>
        {publicLinks.length === 0 && (
          <button type="button" className="button" disabled={busy} onClick={() => void run(async () => t.created((await createLinks(survey.id, { kind: 'public' })).links.length))}>
            {t.createPublic}
          </button>
        )}
        <LinkCards links={publicLinks} busy={busy} run={run} />
      </section>
      <section aria-labelledby={`${id}-municipal`}>
        <h2 id={`${id}-municipal`}>{t.municipalityLinks}</h2>
        <p className="hint">{t.municipalityLinksHelp}</p>
        <form className="admin-form municipality-picker" onSubmit={submitChosen}>
          {municipalities === null && <p role="status">{app.loading}</p>}
          {municipalities && municipalities.length > 0 && (
            <fieldset>
              <legend>{t.chooseMunicipalities}</legend>
              <div className="choice-columns">
                {municipalities.map((m) => (
                  <label key={m.code} className="choice">
                    <input
                      type="checkbox"
                      value={m.code}
                      checked={chosen.includes(m.code)}
                      onChange={(event) => setChosen((c) => (event.target.checked ? [...c, m.code] : c.filter((x) => x !== m.code)))}
                    />{' '}
                    {m.name}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          <div className="row-actions">
            {municipalities && municipalities.length > 0 && (
              <button type="submit" className="button" disabled={busy || chosen.length === 0}>
                {t.createMunicipalityLinks}
              </button>
            )}
            <button type="button" className="button button--secondary" disabled={busy} onClick={() => void create('all')}>
              {t.createAllLinks}
            </button>
          </div>
        </form>
        {links.state !== 'error' && links.data && municipalityLinks.length === 0 && <p>{t.noLinks}</p>}
        <LinkCards links={municipalityLinks} busy={busy} run={run} />
      </section>
    </>
  );
}

function linkName(link: Link, t: ReturnType<typeof distributionTexts>): string {
  return link.municipality?.name ?? link.label ?? t.kinds[link.kind] ?? link.kind;
}

function LinkCards({ links, busy, run }: { links: Link[]; busy: boolean; run(work: () => Promise<string>): Promise<void> }) {
  const { language, number } = useLanguage();
  const t = distributionTexts(language);
  if (links.length === 0) return null;
  return (
    <ul className="link-cards">
      {links.map((link) => {
        const name = linkName(link, t);
        const url = new URL(link.url, window.location.origin).href;
        const closed = link.closedAt !== null;
        return (
          <li key={link.token} className={`link-card${closed ? ' link-card--closed' : ''}`} data-token={link.token}>
            <img className="link-card__qr" src={distributionUrls.qrSvg(link.token)} alt={t.qrAlt(name)} width={128} height={128} />
            <div className="link-card__body">
              <h3>
                {name} <span className={`status-tag status-tag--${closed ? 'closed' : 'open'}`}>{closed ? t.closed : t.open}</span>
              </h3>
              <p className="link-card__url">
                <a href={url}>{url}</a>
              </p>
              <p className="link-card__counts">
                {t.opens} {number(link.opens)} · {t.started} {number(link.started)} · {t.completed} {number(link.responses)}
                {link.maxResponses !== null && ` / ${number(link.maxResponses)}`}
              </p>
              {link.closesAt && (
                <p className="hint">
                  {t.linkClosesAt} <When iso={link.closesAt} />
                </p>
              )}
              <div className="row-actions">
                <CopyButton url={url} label={name} />
                <a className="button button--secondary button--small" href={distributionUrls.qrSvg(link.token)} download={`kuulo-${link.survey}-${link.municipality?.code ?? link.token}.svg`} aria-label={`${t.downloadSvg}: ${name}`}>
                  {t.downloadSvg}
                </a>
                <a className="button button--secondary button--small" href={distributionUrls.qrPng(link.token, 1024)} download={`kuulo-${link.survey}-${link.municipality?.code ?? link.token}.png`} aria-label={`${t.downloadPng}: ${name}`}>
                  {t.downloadPng}
                </a>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  disabled={busy}
                  aria-label={`${closed ? t.reopen : t.close}: ${name}`}
                  onClick={() => void run(async () => (await setLinkClosed(link.token, !closed), closed ? t.reopenedLink(name) : t.closedLink(name)))}
                >
                  {closed ? t.reopen : t.close}
                </button>
              </div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
