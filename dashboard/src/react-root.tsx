import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { SessionProvider } from './app/session-context.tsx';
import { I18nProvider } from './i18n/i18n-context.tsx';

/** The React app: loaded by main.ts after the boot map has started, and adopting that map on the map page. */
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const reactRoot = createRoot(root);
// A transition renders in slices that yield to the browser: the boot map is on screen already,
// and one long render task would freeze it under a finger that is moving it.
startTransition(() =>
  reactRoot.render(
    <StrictMode>
      <I18nProvider>
        <SessionProvider>
          <App />
        </SessionProvider>
      </I18nProvider>
    </StrictMode>,
  ),
);
