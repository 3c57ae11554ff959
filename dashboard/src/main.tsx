import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { prefetchMap } from './api/endpoints.ts';
import { App } from './app/app.tsx';
import { SessionProvider } from './app/session-context.tsx';
import { I18nProvider } from './i18n/i18n-context.tsx';
import './styles.css';

prefetchMap();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <App />
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
