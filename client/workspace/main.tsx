// Entry of the analyst workspace and the admin page (workspace.html): sign-in, the shell, and the
// views, each loaded when first opened. Nothing here is part of the respondent's bundles.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { App } from './app/App.tsx';
import { LanguageProvider } from './app/i18n.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LanguageProvider>
      <App />
    </LanguageProvider>
  </StrictMode>,
);
