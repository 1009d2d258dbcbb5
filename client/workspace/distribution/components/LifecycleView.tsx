import { useId, useState, type FormEvent } from 'react';
import { useLanguage } from '../../app/i18n.tsx';
import { setLifecycle, type AdminSurvey, type AfterClose, type SurveyState } from '../api/distribution.ts';
import { distributionTexts } from '../texts.ts';
import { fromLocalInput, problemText, toLocalInput, When } from './shared.tsx';

const STATES: SurveyState[] = ['draft', 'open', 'closed', 'archived'];
const AFTER_CLOSE: AfterClose[] = ['refuse', 'accept_late'];

/** The survey's state, opening and closing times, response cap and what happens to answers after closing. */
export function LifecycleView({ survey, onSaved }: { survey: AdminSurvey; onSaved(): void }) {
  const { language } = useLanguage();
  const t = distributionTexts(language);
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const cap = String(form.get('cap') ?? '').trim();
    setBusy(true);
    setMessage(null);
    try {
      await setLifecycle(survey.id, {
        state: String(form.get('state')) as SurveyState,
        opensAt: fromLocalInput(String(form.get('opensAt') ?? '')),
        closesAt: fromLocalInput(String(form.get('closesAt') ?? '')),
        responseCap: cap ? Number(cap) : null,
        afterClose: String(form.get('afterClose')) as AfterClose,
      });
      setMessage({ ok: true, text: t.saved });
      onSaved();
    } catch (error) {
      setMessage({ ok: false, text: problemText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.tabs.lifecycle}</h2>
      <p className="hint">{t.lifecycleHelp}</p>
      <dl className="lifecycle-now">
        <dt>{t.effective}</dt>
        <dd data-testid="effective-status">{t.statuses[survey.status] ?? survey.status}</dd>
        <dt>{t.responses}</dt>
        <dd>
          {survey.responses}
          {survey.late > 0 && ` (${t.late.toLowerCase()} ${survey.late})`}
        </dd>
      </dl>
      {survey.privacyNoticeMissing.length > 0 && (
        <div className="notice notice--error" data-testid="privacy-notice-missing">
          <p>{t.privacyNoticeMissing}</p>
          <ul>
            {survey.privacyNoticeMissing.map((part) => (
              <li key={part}>
                <code>{part}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {/* Keyed by the saved values, so a reload after saving shows what the server kept. */}
      <form key={JSON.stringify(survey)} className="admin-form lifecycle-form" onSubmit={submit}>
        <fieldset className="inline-choices">
          <legend>{t.state}</legend>
          {STATES.map((s) => (
            <label key={s} className="choice">
              <input type="radio" name="state" value={s} defaultChecked={survey.state === s} /> {t.states[s]}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-opens`}>{t.opensAt}</label>
          <input id={`${id}-opens`} name="opensAt" type="datetime-local" defaultValue={toLocalInput(survey.opensAt)} aria-describedby={`${id}-time`} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-closes`}>{t.closesAt}</label>
          <input id={`${id}-closes`} name="closesAt" type="datetime-local" defaultValue={toLocalInput(survey.closesAt)} aria-describedby={`${id}-time`} />
        </div>
        <p id={`${id}-time`} className="hint form-note">
          {t.timeHelp}
        </p>
        <div className="field">
          <label htmlFor={`${id}-cap`}>{t.cap}</label>
          <input id={`${id}-cap`} name="cap" type="number" min={1} step={1} inputMode="numeric" defaultValue={survey.responseCap ?? ''} aria-describedby={`${id}-cap-help`} />
          <span id={`${id}-cap-help`} className="hint">
            {t.capHelp}
          </span>
        </div>
        <fieldset className="inline-choices">
          <legend>{t.afterClose}</legend>
          {AFTER_CLOSE.map((a) => (
            <label key={a} className="choice">
              <input type="radio" name="afterClose" value={a} defaultChecked={survey.afterClose === a} /> {t.afterCloseNames[a]}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button" disabled={busy}>
          {t.save}
        </button>
      </form>
      <div aria-live="polite">{message && <p className={`notice ${message.ok ? 'notice--ok' : 'notice--error'}`}>{message.text}</p>}</div>
      <RetentionSummary survey={survey} />
    </section>
  );
}

/** What the retention sweep will do to the survey's data, and when (server/ops/retention.ts). */
function RetentionSummary({ survey }: { survey: AdminSurvey }) {
  const { language } = useLanguage();
  const t = distributionTexts(language);
  const id = useId();
  const { closedAt, responses, invitations } = survey.retention;
  const fires = (iso: string | null) => (iso ? <When iso={iso} /> : t.firesWhenClosed);
  return (
    <section aria-labelledby={`${id}-retention`} data-testid="retention">
      <h3 id={`${id}-retention`}>{t.retention}</h3>
      <p className="hint">{t.retentionHelp}</p>
      <dl className="lifecycle-now">
        <dt>{t.closedAt}</dt>
        <dd>
          <When iso={closedAt} />
        </dd>
        <dt>{t.retentionResponses}</dt>
        <dd data-testid="retention-responses">
          {responses ? (
            <>
              {t.retentionRule(responses.count, responses.unit, responses.then)}. {t.firesAt}: {fires(responses.firesAt)}
            </>
          ) : (
            t.retentionNone
          )}
        </dd>
        <dt>{t.retentionInvitations}</dt>
        <dd data-testid="retention-invitations">
          {t.retentionInvitationRule(invitations.days)}. {t.firesAt}: {fires(invitations.firesAt)}
        </dd>
      </dl>
    </section>
  );
}
