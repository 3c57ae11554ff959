import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'config', root: './config', include: ['test/**/*.test.ts'] } },
      { test: { name: 'testkit', root: './testkit', include: ['test/**/*.test.ts'] } },
      { test: { name: 'edge-agent', root: './edge-agent', include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
      { test: { name: 'hub', root: './hub', include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 } },
      { test: { name: 'dashboard', root: './dashboard', include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 } },
      { test: { name: 'scripts', root: './scripts', include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
    ],
  },
});
