import { fileURLToPath } from 'node:url';

/** Where the built dashboard lives; the hub serves it at `/`. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../dist/', import.meta.url));
