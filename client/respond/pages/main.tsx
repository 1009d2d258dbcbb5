// Entry of the site's light pages: the list of open surveys, the accessibility statement and the
// privacy notices. Nothing here loads survey-core.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles.css';
import { LanguageProvider } from '../i18n.tsx';
import { outbox } from '../outbox.ts';
import { ErrorBoundary, ErrorMessage, Layout, paths } from '../Layout.tsx';
import { AccessibilityStatement } from './AccessibilityStatement.tsx';
import { PrivacyNotice } from './PrivacyNotice.tsx';
import { SurveyList } from './SurveyList.tsx';
import { NotFound } from './NotFound.tsx';

// An answer left waiting in a tab closed earlier is sent from whichever page of Kuulo opens next.
outbox.resumeAll();

function Page() {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  if (path === paths.front) return <SurveyList />;
  if (path === paths.accessibility) return <AccessibilityStatement />;
  const privacy = /^\/tietosuoja\/([a-z0-9][a-z0-9-]{0,63})$/.exec(path);
  if (privacy?.[1]) return <PrivacyNotice surveyId={privacy[1]} />;
  return <NotFound />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LanguageProvider>
      <ErrorBoundary
        fallback={
          <Layout languages={['fi', 'sv', 'en']} title="">
            <ErrorMessage />
          </Layout>
        }
      >
        <Page />
      </ErrorBoundary>
    </LanguageProvider>
  </StrictMode>,
);
