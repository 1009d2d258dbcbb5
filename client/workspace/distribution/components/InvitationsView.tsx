import { useId, useState, type FormEvent } from 'react';
import { useLanguage } from '../../app/i18n.tsx';
import { useApi } from '../../app/useApi.ts';
import { createInvitations, distributionUrls, type AdminSurvey, type Link, type Links } from '../api/distribution.ts';
import { distributionTexts } from '../texts.ts';
import { CloseLinkButton, CopyButton, fromLocalInput, LinkStatusTag, LoadProblem, useAction, When } from './shared.tsx';

/** One-time invitation links, made in bulk from labels, listed with their use, and as CSV for a mail merge. */
export function InvitationsView({ survey }: { survey: AdminSurvey }) {
  const { language, t: app } = useLanguage();
  const t = distributionTexts(language);
  const id = useId();
  const invitations = useApi<Links>(distributionUrls.links(survey.id, 'invitation'));
  const [labels, setLabels] = useState('');
  const { busy, message, run } = useAction(invitations.reload);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const list = labels
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    if (list.length === 0) return;
    const form = event.currentTarget;
    const closesAt = fromLocalInput(String(new FormData(form).get('closesAt') ?? ''));
    void run(async () => {
      const { links } = await createInvitations(survey.id, { labels: list, ...(closesAt ? { closesAt } : {}) });
      setLabels('');
      form.reset();
      return t.created(links.length);
    });
  };
  const list = (invitations.data?.links ?? []).filter((l) => l.kind === 'invitation');

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.tabs.invitations}</h2>
      <p className="hint" id={`${id}-help`}>
        {t.invitationsHelp}
      </p>
      <form className="admin-form invitation-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-labels`}>{t.labels}</label>
          <textarea id={`${id}-labels`} rows={6} cols={40} value={labels} onChange={(e) => setLabels(e.target.value)} aria-describedby={`${id}-help`} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-closes`}>{t.linkClosesAt}</label>
          <input id={`${id}-closes`} name="closesAt" type="datetime-local" aria-describedby={`${id}-closes-help`} />
          <span id={`${id}-closes-help`} className="hint">
            {t.timeHelp}
          </span>
        </div>
        <button type="submit" className="button" disabled={busy || labels.trim() === ''}>
          {t.createInvitations}
        </button>
      </form>
      <div aria-live="polite">{message && <p className={`notice ${message.ok ? 'notice--ok' : 'notice--error'}`}>{message.text}</p>}</div>
      {invitations.state === 'error' && <LoadProblem onRetry={invitations.reload} />}
      {invitations.data === null && invitations.state === 'loading' && <p role="status">{app.loading}</p>}
      {invitations.data && list.length === 0 && <p>{t.noInvitations}</p>}
      {list.length > 0 && (
        <>
          <p>
            <a className="button button--secondary" href={distributionUrls.invitationsCsv(survey.id)} download>
              {t.downloadCsv}
            </a>
          </p>
          <div className="table-wrap" role="region" aria-labelledby={`${id}-table`} tabIndex={0}>
            <table className="data-table">
              <caption id={`${id}-table`}>{t.tabs.invitations}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.label}</th>
                  <th scope="col">{t.link}</th>
                  <th scope="col">{t.linkState}</th>
                  <th scope="col">{t.usedAt}</th>
                  <th scope="col">{app.actions}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((link) => {
                  const url = new URL(link.url, window.location.origin).href;
                  const name = link.label ?? link.token;
                  return (
                    <tr key={link.token} data-token={link.token}>
                      <th scope="row">{name}</th>
                      <td className="link-cell">
                        <a href={url}>{url}</a>
                      </td>
                      <td>
                        <LinkStatusTag link={link} open={t.unused} />
                      </td>
                      <td>
                        <When iso={link.usedAt} />
                      </td>
                      <td>
                        <div className="row-actions">
                          <CopyButton url={url} label={name} />
                          {!link.usedAt && (
                            <CloseLinkButton link={link} name={name} busy={busy} run={run} />
                          )}
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
