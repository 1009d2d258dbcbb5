import { Component, useEffect, type ErrorInfo, type ReactNode } from 'react';
import { LANGUAGE_NAMES, htmlLang, useLanguage, type Language } from './i18n.tsx';
import { PendingNotices } from './PendingNotices.tsx';
import { RIGHTS_TEXTS } from './rights/texts.ts';

/** The address of a page of the site, keeping the chosen language in links only when one is asked for. */
export const paths = {
  front: '/',
  survey: (id: string) => `/s/${encodeURIComponent(id)}`,
  accessibility: '/saavutettavuus',
  privacy: (id: string) => `/tietosuoja/${encodeURIComponent(id)}`,
  resume: '/jatka',
  resumeCode: (code: string) => `/jatka/${encodeURIComponent(code)}`,
  rights: '/oikeudet',
};

function LanguageSwitch({ languages }: { languages: readonly Language[] }) {
  const { language, setLanguage, t } = useLanguage();
  // The language being read is always in the menu (pressed), also on a page that offers fewer:
  // an Arabic reader who goes from the survey to the front page still sees where they are.
  const shown: readonly Language[] = languages.includes(language) ? languages : [...languages, language];
  return (
    <nav className="language-switch" aria-label={t.languageNav}>
      <ul>
        {shown.map((l) => (
          <li key={l}>
            <button type="button" lang={htmlLang(l)} aria-pressed={l === language} onClick={() => setLanguage(l)}>
              {LANGUAGE_NAMES[l]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * Every page's frame: a skip link, the site name, the language switch, the content in `<main>`, and
 * a footer linking the accessibility statement (Act 306/2019 § 15 wants it reachable from every page).
 */
export function Layout({
  languages,
  title,
  exceptSurvey,
  children,
}: {
  languages: readonly Language[];
  /** The page's title, for the window's title. */
  title: string;
  /** The survey whose own page tells about its submission (not repeated in the notices). */
  exceptSurvey?: string;
  children: ReactNode;
}) {
  const { t, language } = useLanguage();
  useEffect(() => {
    document.title = title ? `${title} – ${t.siteName}` : t.siteName;
  }, [title, t]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <a className="site-name" href={paths.front}>
            <span className="site-name__title">{t.siteName}</span>
            <span className="site-name__tagline">{t.siteTagline}</span>
          </a>
          <LanguageSwitch languages={languages} />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <PendingNotices exceptSurvey={exceptSurvey} />
        {children}
      </main>
      <footer className="site-footer">
        <nav aria-label={t.footerNav}>
          <ul>
            <li>
              <a href={paths.front}>{t.frontPage}</a>
            </li>
            <li>
              <a href={paths.resume}>{t.resumeNav}</a>
            </li>
            <li>
              <a href={paths.rights}>{RIGHTS_TEXTS[language].nav}</a>
            </li>
            <li>
              <a href={paths.accessibility}>{t.accessibility}</a>
            </li>
          </ul>
        </nav>
      </footer>
    </>
  );
}

/** One per page: a rendering error shows a plain message instead of a blank page. */
export class ErrorBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

export function ErrorMessage() {
  const { t } = useLanguage();
  return (
    <div className="notice notice--error" role="alert">
      <h1>{t.errorTitle}</h1>
      <p>{t.errorBody}</p>
    </div>
  );
}
