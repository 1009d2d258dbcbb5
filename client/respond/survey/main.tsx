// Entry of `/s/<survey-id>`. The survey's definition is asked for at once (the server preloads it
// with a Link header while these scripts download), before React renders anything.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles.css';
import { getSurvey } from '../../shared/api.ts';
import { LanguageProvider } from '../i18n.tsx';
import { ErrorBoundary, ErrorMessage, Layout } from '../Layout.tsx';
import { outbox } from '../outbox.ts';
import { SurveyPage } from './SurveyPage.tsx';

const surveyId = decodeURIComponent(/^\/s\/([^/]+)/.exec(window.location.pathname)?.[1] ?? '');
const detail = getSurvey(surveyId);
// Unhandled until SurveyPage subscribes; a failure is shown there.
detail.catch(() => undefined);

// Answers left waiting by an earlier visit (this survey's or another's) are sent now.
outbox.resumeAll();

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
        <SurveyPage detail={detail} />
      </ErrorBoundary>
    </LanguageProvider>
  </StrictMode>,
);
