import { fixtureGeo, fixtureMapPayload } from './fixture-fleet.ts';
import { startFixtureServer } from './fixture-server.ts';

// Dev only: `tsx dashboard/dev/serve-fixture.ts [cameras] [port]` shows the built dashboard on a synthetic fleet.
const cameras = Number(process.argv[2] ?? 1696);
const port = Number(process.argv[3] ?? 0);
const server = await startFixtureServer(
  fixtureMapPayload(cameras),
  {
    username: 'dev',
    displayName: 'Dev',
    role: 'province_viewer',
    unitIds: [],
    language: 'vi',
    sessionExpiresAt: Date.now() + 86_400_000,
  },
  fixtureGeo(),
  port,
);
console.log(`${server.url} (${cameras} cameras)`);
