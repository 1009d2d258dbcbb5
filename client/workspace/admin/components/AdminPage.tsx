import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { ApiProblem } from '../../../common/session.ts';
import type { User } from '../../auth/api/session.ts';
import { ROLES, scopedToPlaces } from '../../app/access.ts';
import { useLanguage } from '../../app/i18n.tsx';
import { auditEventDetails, auditEventName } from '../../../../server/admin/audit-events.ts';
import { auditCsvUrl, changeUser, createUser, listAudit, listUsers, resetPassword, type AuditLogT, type NewUser, type Role } from '../api/admin.ts';
import { auditLanguage, auditTexts } from '../texts.ts';
import '../admin.css';

const AUDIT_PAGE = 50;
const list = (value: string) => value.split(',').map((v) => v.trim()).filter(Boolean);

function problemText(error: unknown): string {
  // The message in the page's language; the detail (in English) says which value was wrong.
  return error instanceof ApiProblem ? `${error.error.message}${error.error.detail ? ` – ${error.error.detail}` : ''} (${error.error.code})` : String(error);
}

/** Users (create, role and scope, disable, password) and the audit log, newest first. */
export default function AdminPage({ currentUser }: { currentUser: User }) {
  const { t } = useLanguage();
  const [users, setUsers] = useState<User[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [auditVersion, setAuditVersion] = useState(0);
  const load = useCallback(() => listUsers().then((r) => setUsers(r.users), (e: unknown) => setMessage({ kind: 'error', text: problemText(e) })), []);
  useEffect(() => {
    document.title = `${t.adminTitle} – ${t.appName}`;
  }, [t]);
  useEffect(() => {
    void load();
  }, [load]);
  const run = async (work: () => Promise<unknown>, ok: string) => {
    try {
      await work();
      setMessage({ kind: 'ok', text: ok });
      await load();
      setAuditVersion((v) => v + 1);
      return true;
    } catch (error) {
      setMessage({ kind: 'error', text: problemText(error) });
      return false;
    }
  };
  return (
    <>
      <h1>{t.adminTitle}</h1>
      <div aria-live="polite">{message && <p className={`notice notice--${message.kind === 'ok' ? 'ok' : 'error'}`}>{message.text}</p>}</div>
      <section>
        <h2 id="users-title">{t.users}</h2>
        <CreateUser onCreate={(u) => run(() => createUser(u), t.userCreated(u.email))} />
        {users === null ? (
          <p role="status">{t.loading}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="users-title" tabIndex={0}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t.email}</th>
                  <th scope="col">{t.role}</th>
                  <th scope="col">{t.scope}</th>
                  <th scope="col">{t.status}</th>
                  <th scope="col">{t.actions}</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <UserRow key={u.id} user={u} self={u.id === currentUser.id} run={run} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <AuditLog version={auditVersion} />
    </>
  );
}

function CreateUser({ onCreate }: { onCreate(user: NewUser): Promise<boolean> }) {
  const { t } = useLanguage();
  const id = useId();
  const [role, setRole] = useState<Role>('analyst');
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const ok = await onCreate({
      email: String(data.get('email') ?? ''),
      password: String(data.get('password') ?? ''),
      role,
      municipalities: scopedToPlaces(role) ? list(String(data.get('municipalities') ?? '')) : [],
      areas: scopedToPlaces(role) ? list(String(data.get('areas') ?? '')) : [],
    });
    if (ok) form.reset();
  };
  return (
    <details className="disclosure">
      <summary>{t.createUser}</summary>
      <form className="admin-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-email`}>{t.email}</label>
          <input id={`${id}-email`} name="email" type="email" required autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t.password}</label>
          <input id={`${id}-password`} name="password" type="password" required autoComplete="new-password" minLength={12} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>{t.role}</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t.roleNames[r]}
              </option>
            ))}
          </select>
        </div>
        {scopedToPlaces(role) && (
          <>
            <p className="hint" id={`${id}-scope-help`}>
              {t.scopeHelp}
            </p>
            <div className="field">
              <label htmlFor={`${id}-mun`}>{t.municipalityCodes}</label>
              <input id={`${id}-mun`} name="municipalities" aria-describedby={`${id}-scope-help`} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-areas`}>{t.areaNames}</label>
              <input id={`${id}-areas`} name="areas" aria-describedby={`${id}-scope-help`} />
            </div>
          </>
        )}
        <button type="submit" className="button">
          {t.create}
        </button>
      </form>
    </details>
  );
}

function UserRow({ user, self, run }: { user: User; self: boolean; run(work: () => Promise<unknown>, ok: string): Promise<boolean> }) {
  const { t } = useLanguage();
  const id = useId();
  const [editing, setEditing] = useState<'scope' | 'password' | null>(null);
  const [role, setRole] = useState<Role>(user.role);
  const [municipalities, setMunicipalities] = useState(user.municipalities.join(','));
  const [areas, setAreas] = useState(user.areas.join(','));
  const [password, setPassword] = useState('');
  const scope = [...user.municipalities, ...user.areas].join(', ') || '–';
  return (
    <tr>
      <th scope="row">{user.email}</th>
      <td>{t.roleNames[user.role]}</td>
      <td>{scope}</td>
      <td>{user.disabled ? t.disabled : t.active}</td>
      <td>
        <div className="row-actions">
          <button type="button" className="button button--small" aria-expanded={editing === 'scope'} onClick={() => setEditing(editing === 'scope' ? null : 'scope')} aria-label={`${t.edit}: ${user.email}`}>
            {t.edit}
          </button>
          <button type="button" className="button button--small" aria-expanded={editing === 'password'} onClick={() => setEditing(editing === 'password' ? null : 'password')} aria-label={`${t.resetPassword}: ${user.email}`}>
            {t.resetPassword}
          </button>
          {!self && (
            <button type="button" className="button button--small button--secondary" onClick={() => run(() => changeUser(user.id, { disabled: !user.disabled }), t.saved)} aria-label={`${user.disabled ? t.enable : t.disable}: ${user.email}`}>
              {user.disabled ? t.enable : t.disable}
            </button>
          )}
        </div>
        {editing === 'scope' && (
          <form
            className="admin-form admin-form--inline"
            onSubmit={async (e) => {
              e.preventDefault();
              const ok = await run(() => changeUser(user.id, { role, municipalities: scopedToPlaces(role) ? list(municipalities) : [], areas: scopedToPlaces(role) ? list(areas) : [] }), t.saved);
              if (ok) setEditing(null);
            }}
          >
            <div className="field">
              <label htmlFor={`${id}-role`}>{t.role}</label>
              <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)} disabled={self}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t.roleNames[r]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-mun`}>{t.municipalityCodes}</label>
              <input id={`${id}-mun`} value={municipalities} onChange={(e) => setMunicipalities(e.target.value)} disabled={!scopedToPlaces(role)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-areas`}>{t.areaNames}</label>
              <input id={`${id}-areas`} value={areas} onChange={(e) => setAreas(e.target.value)} disabled={!scopedToPlaces(role)} />
            </div>
            <button type="submit" className="button button--small">
              {t.save}
            </button>
          </form>
        )}
        {editing === 'password' && (
          <form
            className="admin-form admin-form--inline"
            onSubmit={async (e) => {
              e.preventDefault();
              const ok = await run(() => resetPassword(user.id, password), t.passwordChanged);
              if (ok) {
                setPassword('');
                setEditing(null);
              }
            }}
          >
            <div className="field">
              <label htmlFor={`${id}-pw`}>{t.newPassword}</label>
              <input id={`${id}-pw`} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
            </div>
            <button type="submit" className="button button--small">
              {t.save}
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}

/** The filters as the address bar of the API has them; empty ones left out. */
interface AuditFilters {
  actor: string;
  action: string;
  from: string;
  to: string;
}
const NO_FILTERS: AuditFilters = { actor: '', action: '', from: '', to: '' };

/**
 * The audit log, newest first, read by people: events and their details as sentences in the
 * interface language (the server's catalogue), filtered by person, event and days on the server,
 * a page at a time, and the same lines as a CSV file.
 */
function AuditLog({ version }: { version: number }) {
  const { t, language } = useLanguage();
  const a = auditTexts(language);
  const lang = auditLanguage(language);
  const id = useId();
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const [log, setLog] = useState<AuditLogT | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    setOffset(0);
  }, [version]);
  useEffect(() => {
    let current = true;
    setFailed(null);
    listAudit({ ...filters, offset, limit: AUDIT_PAGE }).then(
      (r) => current && setLog(r),
      (e: unknown) => current && setFailed(problemText(e)),
    );
    return () => {
      current = false;
    };
  }, [filters, offset, version]);
  const time = new Intl.DateTimeFormat(language === 'sv' ? 'sv-FI' : language === 'en' ? 'en-GB' : 'fi-FI', { timeZone: 'Europe/Helsinki', dateStyle: 'short', timeStyle: 'medium' });
  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setOffset(0);
    setFilters(draft);
  };
  const clear = () => {
    setDraft(NO_FILTERS);
    setOffset(0);
    setFilters(NO_FILTERS);
  };
  const actions = log ? [...new Set([...log.actions, ...(filters.action ? [filters.action] : [])])] : [];
  const names = new Map(actions.map((code) => [code, auditEventName(code, lang)]));
  const sortedActions = actions.sort((x, y) => names.get(x)!.localeCompare(names.get(y)!, language));
  return (
    <section>
      <h2 id="audit-title">{t.audit}</h2>
      <form className="card audit-filters" onSubmit={apply} aria-labelledby={`${id}-filters`}>
        <h3 id={`${id}-filters`}>{a.filters}</h3>
        <div className="audit-filters__fields">
          <div>
            <label className="field-label" htmlFor={`${id}-actor`}>
              {a.person}
            </label>
            <select id={`${id}-actor`} className="select-input" value={draft.actor} onChange={(ev) => setDraft({ ...draft, actor: ev.target.value })}>
              <option value="">{a.anyPerson}</option>
              {(log?.actors ?? []).map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label className="field-label" htmlFor={`${id}-action`}>
              {a.event}
            </label>
            <select id={`${id}-action`} className="select-input" value={draft.action} onChange={(ev) => setDraft({ ...draft, action: ev.target.value })}>
              <option value="">{a.anyEvent}</option>
              {sortedActions.map((code) => (
                <option key={code} value={code}>
                  {names.get(code)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label className="field-label" htmlFor={`${id}-from`}>
              {a.from}
            </label>
            <input id={`${id}-from`} type="date" className="text-input" value={draft.from} max={draft.to || undefined} onChange={(ev) => setDraft({ ...draft, from: ev.target.value })} />
          </div>
          <div>
            <label className="field-label" htmlFor={`${id}-to`}>
              {a.to}
            </label>
            <input id={`${id}-to`} type="date" className="text-input" value={draft.to} min={draft.from || undefined} onChange={(ev) => setDraft({ ...draft, to: ev.target.value })} />
          </div>
        </div>
        <div className="pager">
          <button type="submit" className="button">
            {a.apply}
          </button>
          <button type="button" className="button button--secondary" onClick={clear}>
            {a.clear}
          </button>
          <a className="button button--secondary" href={auditCsvUrl(filters, lang)} download aria-describedby={`${id}-csv-help`} data-testid="audit-csv">
            {a.download}
          </a>
        </div>
        <p id={`${id}-csv-help`} className="muted">
          {a.downloadHelp}
        </p>
      </form>
      {failed && (
        <p className="notice notice--error" role="alert">
          {failed}
        </p>
      )}
      {log === null ? (
        !failed && <p role="status">{t.loading}</p>
      ) : (
        <>
          <p role="status" data-testid="audit-count">
            {a.rows(log.total === 0 ? 0 : offset + 1, offset + log.entries.length, log.total)}
          </p>
          <div className="table-wrap" role="region" aria-label={`${t.audit}: ${a.tableLabel}`} tabIndex={0}>
            <table className="data-table" data-testid="audit-log">
              <thead>
                <tr>
                  <th scope="col">{t.auditAt}</th>
                  <th scope="col">{t.actor}</th>
                  <th scope="col">{t.action}</th>
                  <th scope="col">{t.details}</th>
                  <th scope="col">{t.target}</th>
                </tr>
              </thead>
              <tbody>
                {log.entries.map((e) => (
                  <tr key={e.id} data-action={e.action}>
                    <td>
                      <time dateTime={e.at}>{time.format(new Date(e.at))}</time>
                    </td>
                    <td>{e.actorEmail ?? '–'}</td>
                    <td>
                      {auditEventName(e.action, lang)}
                      <span className="muted audit-code">
                        {' '}
                        ({a.code} <code>{e.action}</code>)
                      </span>
                    </td>
                    <td className="audit-details">{auditEventDetails(e.action, e.details as Record<string, unknown>, e.target, lang)}</td>
                    <td>{e.target ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="pager">
            {offset > 0 && (
              <button type="button" className="button button--secondary" onClick={() => setOffset(Math.max(0, offset - AUDIT_PAGE))}>
                {a.previous}
              </button>
            )}
            {offset + log.entries.length < log.total && (
              <button type="button" className="button button--secondary" onClick={() => setOffset(offset + AUDIT_PAGE)}>
                {a.next}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
