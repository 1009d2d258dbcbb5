import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { LanguageProvider } from './i18n.tsx';
import { ErrorBoundary, ErrorMessage, Layout } from './Layout.tsx';
import { outbox } from './outbox.ts';

/**
 * Renders a respondent entry's page with the language, the error boundary and the outbox every
 * page shares. An answer left waiting by an earlier visit (in a tab closed since) is sent from
 * whichever page of Kuulo opens next.
 */
export function mount(page: ReactNode): void {
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
          {page}
        </ErrorBoundary>
      </LanguageProvider>
    </StrictMode>,
  );
}
