// `/tallennus`: a planner enters interview and paper answers one after another with the same form
// and the same validation as respondents, each stored with the chosen channel and municipality.
import { may } from '../../../server/auth/permissions.ts';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { SurveyModel } from 'survey-core';
import { Survey } from 'survey-react-ui';
import { getSurvey, type AnswerProblemT, type SurveyDetailT } from '../../common/api.ts';
import { ApiProblem } from '../../common/session.ts';
import { localized, useLanguage } from '../i18n.tsx';
import { Layout } from '../Layout.tsx';
import { createSurveyModel } from '../survey/model.ts';
import { correctEntry, currentUser, entriesToday, entrySurveys, signOut, storeEntry, voidEntry, type Channel, type CountyMunicipality, type EnteredResponse, type EntrySurvey } from './api.ts';
import { entryTexts } from './texts.ts';

const CHANNELS: Channel[] = ['interview', 'paper'];
const SIGN_IN = `/kirjaudu?next=${encodeURIComponent('/tallennus')}`;

type Access =
  | { kind: 'checking' }
  | { kind: 'signed-out'; now?: boolean }
  | { kind: 'forbidden' }
  | { kind: 'failed' }
  | { kind: 'ok'; email: string; surveys: EntrySurvey[]; municipalities: CountyMunicipality[] };
interface Setup {
  readonly survey: SurveyDetailT;
  readonly municipality: { code: string; name: string };
  readonly channel: Channel;
}
/** An entry of today being corrected: its id, receipt code and stored answers. */
interface Correcting {
  readonly responseId: string;
  readonly code: string;
  readonly data: Record<string, unknown>;
}

export default function EntryPage() {
  const { language } = useLanguage();
  const e = entryTexts(language);
  const [access, setAccess] = useState<Access>({ kind: 'checking' });
  const [setup, setSetup] = useState<Setup | null>(null);
  // "Change" comes back to the choices just used, to change one of them.
  const [lastSetup, setLastSetup] = useState<Setup | null>(null);
  const [entered, setEntered] = useState(0);
  const [correcting, setCorrecting] = useState<{ setup: Setup; entry: Correcting } | null>(null);
  // Moves whenever an entry is stored, corrected or voided: the list of today's entries reloads.
  const [changes, setChanges] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [signOutFailed, setSignOutFailed] = useState(false);

  useEffect(() => {
    currentUser()
      .then(async (user) => {
        if (!may(user.role, 'entry.create')) return setAccess({ kind: 'forbidden' });
        const { surveys, municipalities } = await entrySurveys();
        setAccess({ kind: 'ok', email: user.email, surveys, municipalities });
      })
      .catch((error: unknown) => {
        if (error instanceof ApiProblem && error.status === 401) setAccess({ kind: 'signed-out' });
        else if (error instanceof ApiProblem && error.status === 403) setAccess({ kind: 'forbidden' });
        else setAccess({ kind: 'failed' });
      });
  }, []);

  const leave = async () => {
    setSignOutFailed(false);
    try {
      await signOut();
      setSetup(null);
      setCorrecting(null);
      setAccess({ kind: 'signed-out', now: true });
    } catch {
      setSignOutFailed(true);
    }
  };

  return (
    <Layout languages={['fi', 'sv', 'en']} title={e.title}>
      <h1>{e.title}</h1>
      {access.kind === 'checking' && <p role="status">…</p>}
      {access.kind === 'signed-out' && (
        <>
          {access.now ? (
            <p className="notice notice--ok" role="status">
              {e.signedOutNow}
            </p>
          ) : (
            <p>{e.signInFirst}</p>
          )}
          <p>
            <a className="button" href={SIGN_IN}>
              {e.signIn}
            </a>
          </p>
        </>
      )}
      {access.kind === 'forbidden' && <p className="notice notice--error">{e.forbidden}</p>}
      {access.kind === 'failed' && <ReloadNotice />}
      {access.kind === 'ok' && (
        <div className="entry-account">
          <p>{e.signedInAs(access.email)}</p>
          <button type="button" className="button button--secondary" onClick={() => void leave()}>
            {e.signOut}
          </button>
          {signOutFailed && (
            <p className="notice notice--error" role="alert">
              {e.signOutFailed}
            </p>
          )}
        </div>
      )}
      {access.kind === 'ok' && (
        <div role="status">{notice && <p className="notice notice--ok" data-testid="entry-notice">{notice}</p>}</div>
      )}
      {access.kind === 'ok' &&
        (correcting ? (
          <EntryForm
            key={`correct:${correcting.entry.responseId}`}
            setup={correcting.setup}
            entered={entered}
            correcting={correcting.entry}
            onEntered={() => undefined}
            onCorrected={(fresh) => {
              setNotice(e.corrected(correcting.entry.code, fresh));
              setCorrecting(null);
              setChanges((n) => n + 1);
            }}
            onChange={() => setCorrecting(null)}
          />
        ) : setup ? (
          <EntryForm
            key={`${setup.survey.id}:${setup.municipality.code}:${setup.channel}`}
            setup={setup}
            entered={entered}
            onEntered={() => {
              setEntered((n) => n + 1);
              setChanges((n) => n + 1);
            }}
            onChange={() => {
              setLastSetup(setup);
              setSetup(null);
            }}
          />
        ) : (
          <SetupForm surveys={access.surveys} county={access.municipalities} initial={lastSetup} onReady={setSetup} entered={entered} />
        ))}
      {access.kind === 'ok' && !correcting && (
        <TodayList
          changes={changes}
          surveys={access.surveys}
          county={access.municipalities}
          onVoided={(code) => {
            setNotice(e.voided(code));
            setChanges((n) => n + 1);
          }}
          onCorrect={(next) => {
            setNotice(null);
            setCorrecting(next);
          }}
        />
      )}
    </Layout>
  );
}

/**
 * The planner's own entries of today, newest first: each stored one can be corrected (the form
 * opens with its answers) or voided (after a confirmation in place, so a keyboard user stays put).
 */
function TodayList({
  changes,
  surveys,
  county,
  onVoided,
  onCorrect,
}: {
  changes: number;
  surveys: EntrySurvey[];
  county: CountyMunicipality[];
  onVoided(code: string): void;
  onCorrect(next: { setup: Setup; entry: Correcting }): void;
}) {
  const { language } = useLanguage();
  const e = entryTexts(language);
  const headingId = useId();
  const [entries, setEntries] = useState<EnteredResponse[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    let current = true;
    entriesToday().then(
      (today) => current && (setEntries(today.entries), setFailed(false)),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [changes]);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const names = useMemo(() => new Map(municipalityNames(county, language).map((m) => [m.code, m.name])), [county, language]);
  const titles = new Map(surveys.map((s) => [s.id, localized(s.title, language)]));
  const time = new Intl.DateTimeFormat(language === 'sv' ? 'sv-FI' : language === 'en' ? 'en-GB' : 'fi-FI', { timeZone: 'Europe/Helsinki', hour: '2-digit', minute: '2-digit' });
  const codeOf = (id: string | null) => entries?.find((x) => x.responseId === id)?.receiptCode ?? '';

  const confirmVoid = async (entry: EnteredResponse) => {
    setBusy(true);
    setProblem(null);
    try {
      await voidEntry(entry.responseId);
      setConfirming(null);
      onVoided(entry.receiptCode);
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error.error.message : e.failed);
    } finally {
      setBusy(false);
    }
  };
  const correct = async (entry: EnteredResponse) => {
    if (!entry.surveyId || !entry.municipality || !entry.data) return;
    setProblem(null);
    try {
      const survey = await getSurvey(entry.surveyId);
      onCorrect({
        setup: { survey, municipality: { code: entry.municipality, name: names.get(entry.municipality) ?? entry.municipality }, channel: entry.channel ?? 'paper' },
        entry: { responseId: entry.responseId, code: entry.receiptCode, data: entry.data as Record<string, unknown> },
      });
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error.error.message : e.failed);
    }
  };

  return (
    // Not a landmark of its own: the table's scrolling box is the region the heading names.
    <section className="entry-today">
      <h2 id={headingId}>{e.today}</h2>
      <p className="muted">{e.todayHelp}</p>
      {failed && <p className="notice notice--error">{e.todayFailed}</p>}
      {problem && (
        <p className="notice notice--error" role="alert">
          {e.voidFailed} {problem}
        </p>
      )}
      {entries && entries.length === 0 && <p>{e.todayEmpty}</p>}
      {entries && entries.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={headingId}>
          <table className="data-table" data-testid="entry-today">
            <thead>
              <tr>
                <th scope="col">{e.columns.time}</th>
                <th scope="col">{e.columns.survey}</th>
                <th scope="col">{e.columns.municipality}</th>
                <th scope="col">{e.columns.channel}</th>
                <th scope="col">{e.columns.receipt}</th>
                <th scope="col">{e.columns.state}</th>
                <th scope="col">{e.columns.actions}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.responseId} data-receipt={entry.receiptCode}>
                  <td>{time.format(new Date(entry.enteredAt))}</td>
                  <td>{(entry.surveyId && titles.get(entry.surveyId)) ?? entry.surveyId}</td>
                  <td>{entry.municipality ? names.get(entry.municipality) ?? entry.municipality : ''}</td>
                  <td>{entry.channel ? e.channels[entry.channel] : ''}</td>
                  <th scope="row">
                    {entry.receiptCode}
                    {entry.replaces && <span className="muted"> ({e.correctionOf(codeOf(entry.replaces) || entry.replaces.slice(0, 8))})</span>}
                  </th>
                  <td>{e.states[entry.state] ?? entry.state}</td>
                  <td>
                    {entry.state === 'stored' && confirming !== entry.responseId && (
                      <span className="entry-actions">
                        <button type="button" className="button button--secondary" aria-label={e.correctLabel(entry.receiptCode)} onClick={() => void correct(entry)} disabled={!entry.data || busy}>
                          {e.correct}
                        </button>
                        <button type="button" className="button button--secondary" aria-label={e.voidLabel(entry.receiptCode)} onClick={() => setConfirming(entry.responseId)} disabled={busy}>
                          {e.voidAction}
                        </button>
                      </span>
                    )}
                    {entry.state === 'stored' && confirming === entry.responseId && (
                      <span className="entry-actions" role="group" aria-label={e.voidConfirm(entry.receiptCode)}>
                        <span>{e.voidConfirm(entry.receiptCode)}</span>
                        <button type="button" className="button button--danger" ref={confirmRef} onClick={() => void confirmVoid(entry)} disabled={busy}>
                          {e.voidYes}
                        </button>
                        <button type="button" className="button button--secondary" onClick={() => setConfirming(null)} disabled={busy}>
                          {e.cancel}
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ReloadNotice() {
  const { t } = useLanguage();
  return (
    <p className="notice notice--error" role="alert">
      {t.loadFailed}
    </p>
  );
}

/** The county's municipalities in the page's language (the Swedish name where there is one), by name. */
function municipalityNames(county: CountyMunicipality[], language: string): { code: string; name: string }[] {
  return county
    .map((m) => ({ code: m.code, name: (language === 'sv' && m.nameSv) || m.name }))
    .sort((a, b) => a.name.localeCompare(b.name, language));
}

/** Whether the survey's municipality question offers this code as a choice (then it is preset and read-only). */
function offersMunicipality(model: SurveyModel, question: string, code: string): boolean {
  const q = model.getQuestionByValueName(question) as unknown as { choices?: { value: unknown }[] } | null;
  return (q?.choices ?? []).some((c) => String(c.value) === code);
}

function SetupForm({
  surveys,
  county,
  initial,
  onReady,
  entered,
}: {
  surveys: EntrySurvey[];
  county: CountyMunicipality[];
  initial: Setup | null;
  onReady(setup: Setup): void;
  entered: number;
}) {
  const { language, t } = useLanguage();
  const e = entryTexts(language);
  const id = useId();
  const [surveyId, setSurveyId] = useState(initial?.survey.id ?? (surveys.length === 1 ? surveys[0]!.id : ''));
  const [detail, setDetail] = useState<SurveyDetailT | null>(null);
  const [failed, setFailed] = useState(false);
  const [municipality, setMunicipality] = useState(initial?.municipality?.code ?? '');
  const [channel, setChannel] = useState<Channel>(initial?.channel ?? 'interview');
  useEffect(() => {
    setDetail(null);
    setFailed(false);
    if (!surveyId) return;
    let current = true;
    getSurvey(surveyId).then(
      (d) => current && setDetail(d),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [surveyId]);
  // Every entered answer is stored for one of the county's municipalities, whether or not the survey
  // asks for it; a question's "another municipality" choice is not one of them.
  const municipalities = useMemo(() => municipalityNames(county, language), [county, language]);
  const chosen = municipalities.find((m) => m.code === municipality);
  const ready = detail !== null && chosen !== undefined;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!detail || !chosen) return;
    onReady({ survey: detail, municipality: chosen, channel });
  };
  if (surveys.length === 0) return <p>{e.noSurveys}</p>;
  return (
    <>
      <p>{e.intro}</p>
      {entered > 0 && <p className="muted">{e.counter(entered)}</p>}
      <form className="card entry-setup" onSubmit={submit}>
        <h2>{e.setup}</h2>
        <label className="field-label" htmlFor={`${id}-survey`}>
          {e.survey}
        </label>
        <select id={`${id}-survey`} className="select-input" value={surveyId} onChange={(ev) => setSurveyId(ev.target.value)} required>
          <option value="">{e.chooseSurvey}</option>
          {surveys.map((s) => (
            <option key={s.id} value={s.id}>
              {localized(s.title, language)}
            </option>
          ))}
        </select>
        {failed && <ReloadNotice />}
        {surveyId && !detail && !failed && <p role="status">{t.loading}</p>}
        <label className="field-label" htmlFor={`${id}-municipality`}>
          {e.municipality}
        </label>
        <p id={`${id}-municipality-help`} className="muted">
          {e.municipalityHelp}
        </p>
        <select
          id={`${id}-municipality`}
          className="select-input"
          value={municipality}
          onChange={(ev) => setMunicipality(ev.target.value)}
          aria-describedby={`${id}-municipality-help`}
          required
        >
          <option value="">{e.chooseMunicipality}</option>
          {municipalities.map((m) => (
            <option key={m.code} value={m.code}>
              {m.name}
            </option>
          ))}
        </select>
        <fieldset className="entry-channels">
          <legend className="field-label">{e.channel}</legend>
          {CHANNELS.map((c) => (
            <label key={c} className="radio-choice">
              <input type="radio" name="channel" value={c} checked={channel === c} onChange={() => setChannel(c)} /> {e.channels[c]}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button" disabled={!ready}>
          {e.start}
        </button>
      </form>
    </>
  );
}

type Sending = { kind: 'form' } | { kind: 'sending' } | { kind: 'failed'; signedOut: boolean } | { kind: 'rejected'; message: string; problems: AnswerProblemT[] };

function EntryForm({
  setup,
  entered,
  correcting,
  onEntered,
  onCorrected,
  onChange,
}: {
  setup: Setup;
  entered: number;
  /** Set when the form corrects an entry of today: it opens with that entry's answers. */
  correcting?: Correcting;
  onEntered(): void;
  onCorrected?(freshCode: string): void;
  onChange(): void;
}) {
  const { language, t } = useLanguage();
  const e = entryTexts(language);
  const { survey, municipality, channel } = setup;
  // One model per answer; `round` moves on after each stored one, `keep` carries answers back after a refusal.
  const [round, setRound] = useState(0);
  const keepRef = useRef<Record<string, unknown> | null>(correcting?.data ?? null);
  const answerId = useRef(crypto.randomUUID());
  const [sending, setSending] = useState<Sending>({ kind: 'form' });
  const [saved, setSaved] = useState<{ n: number; late: boolean } | null>(null);
  const focusNext = useRef(false);
  const problemRef = useRef<HTMLDivElement>(null);

  const previous = useRef<SurveyModel | null>(null);
  const model = useMemo(() => {
    previous.current?.dispose();
    const kept = keepRef.current;
    keepRef.current = null;
    const m = createSurveyModel(survey.definition, { language, draft: kept ? { data: kept, page: 0, startedAt: '' } : null, onChange: () => undefined });
    if (survey.municipalityQuestion && offersMunicipality(m, survey.municipalityQuestion, municipality.code)) {
      m.setValue(survey.municipalityQuestion, municipality.code);
      const q = m.getQuestionByValueName(survey.municipalityQuestion);
      if (q) {
        q.readOnly = true;
        q.description = e.municipalityFixed(municipality.name);
      }
    }
    return (previous.current = m);
    // The language is followed below without a new model (that would lose the answer being typed).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [survey, municipality, round]);

  useEffect(() => {
    model.locale = language;
  }, [model, language]);

  // After a stored answer the next one starts at the first question, for keyboard and screen-reader users too.
  useEffect(() => {
    if (!focusNext.current) return;
    focusNext.current = false;
    // The first question that takes an answer: the preset municipality is read-only, so not survey-core's focusFirstQuestion().
    const timer = setTimeout(() => model.getAllQuestions(true).find((q) => !q.isReadOnly)?.focus(), 50);
    return () => clearTimeout(timer);
  }, [model]);

  useEffect(() => {
    if (sending.kind === 'rejected' || sending.kind === 'failed') problemRef.current?.focus();
  }, [sending.kind]);

  const send = useCallback(
    async (data: Record<string, unknown>, locale: string) => {
      setSending({ kind: 'sending' });
      try {
        const body = { id: answerId.current, data, municipality: municipality.code, channel, locale };
        if (correcting) {
          const answer = await correctEntry(correcting.responseId, body);
          onCorrected?.(answer.receipt.receiptCode);
          return;
        }
        const { late } = await storeEntry(survey.id, body);
        answerId.current = crypto.randomUUID();
        setSaved({ n: entered + 1, late });
        onEntered();
        focusNext.current = true;
        setSending({ kind: 'form' });
        setRound((r) => r + 1);
      } catch (error) {
        if (error instanceof ApiProblem && error.status !== 401 && error.status !== 408 && error.status !== 429 && error.status < 500) {
          keepRef.current = data;
          setSending({ kind: 'rejected', message: error.error.message, problems: error.error.questions ?? [] });
        } else setSending({ kind: 'failed', signedOut: error instanceof ApiProblem && error.status === 401 });
      }
    },
    [survey.id, municipality, channel, entered, onEntered, correcting, onCorrected],
  );
  const pendingRef = useRef<{ data: Record<string, unknown>; locale: string } | null>(null);
  useEffect(() => {
    const complete = (sender: SurveyModel) => {
      pendingRef.current = { data: sender.data, locale: sender.locale || 'fi' };
      void send(sender.data, sender.locale || 'fi');
    };
    model.onComplete.add(complete);
    return () => model.onComplete.remove(complete);
  }, [model, send]);

  const problemText = (p: AnswerProblemT) => {
    const q = model.getQuestionByValueName(p.question) ?? model.getQuestionByName(p.question.split('.')[0] ?? '');
    return `${q ? q.processedTitle || q.name : p.question}: ${t.problem[p.code] ?? t.problem.other}`;
  };

  return (
    <>
      <div className="entry-bar">
        <p>
          <strong>{e.current(localized(survey.title, language), municipality.name, e.channels[channel] ?? channel)}</strong>
        </p>
        {correcting ? <p data-testid="entry-correcting">{e.correcting(correcting.code)}</p> : <p data-testid="entry-counter">{e.counter(entered)}</p>}
        <button type="button" className="button button--secondary" onClick={onChange} disabled={sending.kind === 'sending'}>
          {correcting ? e.cancelCorrection : e.change}
        </button>
      </div>
      <div role="status" className="entry-status">
        {saved && sending.kind === 'form' && (
          <p className="notice notice--ok" data-testid="entry-saved">
            {saved.late ? e.savedLate(saved.n) : e.saved(saved.n)}
          </p>
        )}
        {sending.kind === 'sending' && <p className="notice">{e.saving}</p>}
      </div>
      {sending.kind === 'failed' && (
        <div className="notice notice--error" role="alert" tabIndex={-1} ref={problemRef}>
          <p>{sending.signedOut ? e.signedOut : e.failed}</p>
          <button type="button" className="button" onClick={() => pendingRef.current && void send(pendingRef.current.data, pendingRef.current.locale)}>
            {e.retry}
          </button>
        </div>
      )}
      {sending.kind === 'rejected' && (
        <div className="notice notice--error" role="alert" tabIndex={-1} ref={problemRef}>
          <p>{e.rejected}</p>
          <ul>{sending.problems.length > 0 ? sending.problems.map((p) => <li key={`${p.question}:${p.code}`}>{problemText(p)}</li>) : <li>{sending.message}</li>}</ul>
          <button
            type="button"
            className="button"
            onClick={() => {
              setSending({ kind: 'form' });
              setRound((r) => r + 1);
            }}
          >
            {e.backToForm}
          </button>
        </div>
      )}
      {sending.kind === 'form' && (
        <div className="survey-form">
          <Survey model={model} />
        </div>
      )}
    </>
  );
}
