import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useLanguage } from '../../app/i18n.tsx';
import { useApi } from '../../app/useApi.ts';
import { createLinks, distributionUrls, type AdminSurvey, type CountyGeography, type CountyMunicipality, type Link, type Links } from '../api/distribution.ts';
import { distributionTexts } from '../texts.ts';
import { CloseLinkButton, CopyButton, fromLocalInput, LinkStatusTag, LoadProblem, useAction, When } from './shared.tsx';

/** What the optional fields of a link form say, in the API's terms (empty fields left out). */
function linkOptions(form: HTMLFormElement): { label?: string; maxResponses?: number; closesAt?: string } {
  const data = new FormData(form);
  const label = String(data.get('label') ?? '').trim();
  const max = String(data.get('maxResponses') ?? '').trim();
  const closesAt = fromLocalInput(String(data.get('closesAt') ?? ''));
  return { ...(label ? { label } : {}), ...(max ? { maxResponses: Number(max) } : {}), ...(closesAt ? { closesAt } : {}) };
}

/** The optional label, response limit and closing time that every link may have. */
function LinkOptionFields() {
  const { language } = useLanguage();
  const t = distributionTexts(language);
  const id = useId();
  return (
    <fieldset className="link-options">
      <legend>{t.linkOptions}</legend>
      <div className="field">
        <label htmlFor={`${id}-label`}>{t.label}</label>
        <input id={`${id}-label`} name="label" maxLength={200} aria-describedby={`${id}-label-help`} />
        <span id={`${id}-label-help`} className="hint">
          {t.labelHelp}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-max`}>{t.maxResponses}</label>
        <input id={`${id}-max`} name="maxResponses" type="number" min={1} step={1} inputMode="numeric" aria-describedby={`${id}-max-help`} />
        <span id={`${id}-max-help`} className="hint">
          {t.maxResponsesHelp}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-closes`}>{t.linkClosesAt}</label>
        <input id={`${id}-closes`} name="closesAt" type="datetime-local" aria-describedby={`${id}-closes-help`} />
        <span id={`${id}-closes-help`} className="hint">
          {t.timeHelp}
        </span>
      </div>
    </fieldset>
  );
}

/** The public link and the municipality links, each with its QR code, counters and a switch to close it. */
export function LinksView({ survey }: { survey: AdminSurvey }) {
  const { language, t: app } = useLanguage();
  const t = distributionTexts(language);
  const id = useId();
  const links = useApi<Links>(distributionUrls.links(survey.id));
  // The county's municipalities from the server's geography: a survey question's "another
  // municipality" choice is an answer, not a place to make a poster link for.
  const geography = useApi<CountyGeography>(distributionUrls.geography);
  const municipalities = useMemo(
    () => geography.data?.municipalities.map((m) => ({ code: m.code, name: (language === 'sv' && m.nameSv) || m.name })).sort((a, b) => a.name.localeCompare(b.name, language)) ?? null,
    [geography.data, language],
  );
  const municipalityForm = useRef<HTMLFormElement>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const { busy, message, run } = useAction(links.reload);
  const create = (form: HTMLFormElement, municipalitiesWanted: string[] | 'all') =>
    run(async () => {
      const { links: made } = await createLinks(survey.id, { kind: 'municipality', municipalities: municipalitiesWanted, ...linkOptions(form) });
      setChosen([]);
      form.reset();
      return t.created(made.length);
    });
  const submitChosen = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (chosen.length > 0) void create(event.currentTarget, chosen);
  };
  const submitPublic = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    void run(async () => {
      const { links: made } = await createLinks(survey.id, { kind: 'public', ...linkOptions(form) });
      form.reset();
      return t.created(made.length);
    });
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
        <LinkCards links={publicLinks} busy={busy} run={run} />
        {/* More than one public link (a web page, a newsletter) is fine: each counts its own use. */}
        <form className="admin-form public-link-form" onSubmit={submitPublic}>
          <LinkOptionFields />
          <button type="submit" className="button" disabled={busy}>
            {t.createPublic}
          </button>
        </form>
      </section>
      <section aria-labelledby={`${id}-municipal`}>
        <h2 id={`${id}-municipal`}>{t.municipalityLinks}</h2>
        <p className="hint">{t.municipalityLinksHelp}</p>
        <form ref={municipalityForm} className="admin-form municipality-picker" onSubmit={submitChosen}>
          {geography.state === 'error' && <LoadProblem onRetry={geography.reload} />}
          {municipalities === null && geography.state !== 'error' && <p role="status">{app.loading}</p>}
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
          <LinkOptionFields />
          <div className="row-actions">
            {municipalities && municipalities.length > 0 && (
              <button type="submit" className="button" disabled={busy || chosen.length === 0}>
                {t.createMunicipalityLinks}
              </button>
            )}
            <button type="button" className="button button--secondary" disabled={busy} onClick={() => municipalityForm.current && void create(municipalityForm.current, 'all')}>
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
  const name = link.municipality?.name ?? t.kinds[link.kind] ?? link.kind;
  return link.label ? `${name}: ${link.label}` : name;
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
        return (
          <li key={link.token} className={`link-card${link.status !== 'open' ? ' link-card--closed' : ''}`} data-token={link.token}>
            <img className="link-card__qr" src={distributionUrls.qrSvg(link.token)} alt={t.qrAlt(name)} width={128} height={128} />
            <div className="link-card__body">
              <h3>
                {name} <LinkStatusTag link={link} open={t.open} />
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
                <CloseLinkButton link={link} name={name} busy={busy} run={run} />
              </div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
