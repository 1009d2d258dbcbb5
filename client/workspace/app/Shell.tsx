import { useEffect, useState, type ReactNode } from 'react';
import { signOut, type User } from '../auth/api/session.ts';
import { mayOpen } from './access.ts';
import { LANGUAGE_NAMES, LANGUAGES, useLanguage } from './i18n.tsx';
import { Link } from './Link.tsx';
import { paths } from './router.ts';

export function LanguageSwitch() {
  const { language, setLanguage, t } = useLanguage();
  return (
    <nav className="language-switch" aria-label={t.languageNav}>
      <ul>
        {LANGUAGES.map((l) => (
          <li key={l}>
            <button type="button" lang={l} aria-pressed={l === language} onClick={() => setLanguage(l)}>
              {LANGUAGE_NAMES[l]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The frame of every signed-in page: skip link, navigation, who is signed in, sign-out, language. */
export function Shell({ user, current, onSignedOut, children }: { user: User; current: 'surveys' | 'admin' | 'distribution' | 'authoring' | null; onSignedOut(): void; children: ReactNode }) {
  const { t } = useLanguage();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = t.appName;
  }, [t]);
  const out = async () => {
    setBusy(true);
    try {
      await signOut();
    } catch {
      // Signed out already, or the server is unreachable: the session cookie is HttpOnly, so the page forgets it either way.
    }
    onSignedOut();
  };
  return (
    <>
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="ws-header">
        <div className="ws-header__inner">
          <Link className="ws-brand" href={paths.surveys}>
            {t.appName}
          </Link>
          <nav aria-label={t.mainNav} className="ws-nav">
            <ul>
              <li>
                <Link href={paths.surveys} aria-current={current === 'surveys' ? 'page' : undefined}>
                  {t.surveys}
                </Link>
              </li>
              {mayOpen(user.role, 'authoring') && (
                <li>
                  <Link href={paths.authoring} aria-current={current === 'authoring' ? 'page' : undefined}>
                    {t.authoring}
                  </Link>
                </li>
              )}
              {mayOpen(user.role, 'distribution') && (
                <li>
                  <Link href={paths.distribution} aria-current={current === 'distribution' ? 'page' : undefined}>
                    {t.distribution}
                  </Link>
                </li>
              )}
              {mayOpen(user.role, 'entry') && (
                <li>
                  {/* A page of the respondent site (it has the form): loaded, not routed to. */}
                  <a href={paths.entry}>{t.entry}</a>
                </li>
              )}
              {mayOpen(user.role, 'admin') && (
                <li>
                  <Link href={paths.admin} aria-current={current === 'admin' ? 'page' : undefined}>
                    {t.admin}
                  </Link>
                </li>
              )}
            </ul>
          </nav>
          <div className="ws-user">
            <span>
              {t.signedInAs} <strong data-testid="signed-in-user">{user.email}</strong> ({t.roleNames[user.role]})
            </span>
            <button type="button" className="button button--secondary" onClick={out} disabled={busy}>
              {t.signOut}
            </button>
          </div>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="ws-main">
        {children}
      </main>
    </>
  );
}
