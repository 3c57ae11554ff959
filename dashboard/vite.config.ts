import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built once into dist/, which the hub serves at `/` (DASHBOARD_DIST). Relative asset
// paths keep the bundle working behind a reverse proxy under any prefix.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `pnpm --filter @camwatch/dashboard dev` proxies the API to a hub on CW_HUB_URL.
    proxy: { '/api': process.env.CW_HUB_URL ?? 'http://127.0.0.1:8080' },
  },
});
