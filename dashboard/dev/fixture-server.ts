import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientConfig, GeoFeatureCollection, MapPayload, Me } from '@camwatch/config';
import { DASHBOARD_DIST } from '../src/index.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const LEAFLET_DIST = dirname(require.resolve('leaflet/dist/leaflet.js'));
const CLUSTER_DIST = dirname(require.resolve('leaflet.markercluster/dist/leaflet.markercluster.js'));
/** The Leaflet baseline pages (plain and clustered) and their files, for the map benchmark. */
const BENCH_FILES: Record<string, string> = {
  '/baseline.html': join(HERE, 'baseline.html'),
  '/baseline-cluster.html': join(HERE, 'baseline-cluster.html'),
  '/baseline-private.html': join(HERE, 'baseline-private.html'),
  '/bench/probe.js': join(HERE, 'bench-probe.js'),
  '/bench/leaflet.js': join(LEAFLET_DIST, 'leaflet.js'),
  '/bench/leaflet.css': join(LEAFLET_DIST, 'leaflet.css'),
  '/bench/leaflet.markercluster.js': join(CLUSTER_DIST, 'leaflet.markercluster.js'),
  '/bench/MarkerCluster.css': join(CLUSTER_DIST, 'MarkerCluster.css'),
  '/bench/MarkerCluster.Default.css': join(CLUSTER_DIST, 'MarkerCluster.Default.css'),
};
/** Init scripts for the map benchmark's pages: the first-marker-frame clock, and the test-only slow-redraw fault. */
export const BENCH_INIT_SCRIPT = join(HERE, 'bench-init.js');
export const BENCH_SLOW_REDRAWS_SCRIPT = join(HERE, 'bench-slow-redraws.js');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface FixtureServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const gzipped = new WeakMap<Buffer, Buffer>();

/**
 * Sends a body gzip-compressed when the browser accepts it and it is 1 KB or more, as the hub
 * does (@fastify/compress, threshold 1,024): on a phone's slow 4G the bundle's transfer size,
 * not its size on disk, decides the first map. Compressed once per body.
 */
function send(req: IncomingMessage, res: ServerResponse, type: string, body: Buffer): void {
  const accepts = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  if (!accepts || body.length < 1024) {
    res.writeHead(200, { 'content-type': type, 'content-length': body.length });
    res.end(body);
    return;
  }
  let packed = gzipped.get(body);
  if (!packed) gzipped.set(body, (packed = gzipSync(body)));
  res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', vary: 'accept-encoding', 'content-length': packed.length });
  res.end(packed);
}

const jsonBodies = new WeakMap<object, Buffer>();
function json(req: IncomingMessage, res: ServerResponse, body: object): void {
  let bytes = jsonBodies.get(body);
  if (!bytes) jsonBodies.set(body, (bytes = Buffer.from(JSON.stringify(body))));
  send(req, res, 'application/json', bytes);
}

/**
 * Serves the built dashboard with a fixed map payload and just enough API (config, me, map,
 * unit outlines and roads, an idle live stream) for the map to render: the map benchmark's stage.
 * `/baseline.html` is the same points on a plain Leaflet page.
 * Everything else answers 404, as an API without that route would.
 */
export interface FixtureGeo {
  units: GeoFeatureCollection;
  roads: GeoFeatureCollection;
}
const NO_GEO: FixtureGeo = { units: { type: 'FeatureCollection', features: [] }, roads: { type: 'FeatureCollection', features: [] } };

/** Extra API routes a bench case serves (e.g. the private cameras): a JSON body, or undefined for "not mine". */
export type FixtureApi = (path: string, query: URLSearchParams) => object | undefined;

export async function startFixtureServer(
  payload: MapPayload,
  me: Me,
  geo: FixtureGeo = NO_GEO,
  port = 0,
  api?: FixtureApi,
): Promise<FixtureServer> {
  if (!existsSync(join(DASHBOARD_DIST, 'index.html')))
    throw new Error(`no built dashboard in ${DASHBOARD_DIST}: run pnpm --filter @camwatch/dashboard build`);
  const config: ClientConfig = { provinceName: 'Long An', tileUrl: null, tileAttribution: '', heartbeatMs: 60_000 };
  const units = { units: [] };
  const live = new Set<ServerResponse>();
  const files = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/api/config') return json(req, res, config);
    if (path === '/api/me') return json(req, res, me);
    if (path === '/api/map') return json(req, res, payload);
    if (path === '/api/units') return json(req, res, units);
    if (path === '/api/geo/units') return json(req, res, geo.units);
    if (path === '/api/geo/roads') return json(req, res, geo.roads);
    if (path === '/api/live') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': hello\n\n');
      live.add(res);
      req.on('close', () => live.delete(res));
      return;
    }
    const extra = path.startsWith('/api/') ? api?.(path, new URL(req.url ?? '/', 'http://fixture').searchParams) : undefined;
    if (extra) return json(req, res, extra);
    if (path.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(
        JSON.stringify({ statusCode: 404, code: 'CW_ERR_ROUTE_NOT_FOUND', error: 'Not Found', message: 'not in the fixture' }),
      );
    }
    const file = BENCH_FILES[path] ?? normalize(join(DASHBOARD_DIST, path === '/' ? 'index.html' : path));
    if (!(path in BENCH_FILES) && (!file.startsWith(DASHBOARD_DIST) || !existsSync(file) || !statSync(file).isFile())) {
      res.writeHead(404);
      return res.end();
    }
    let body = files.get(file);
    if (!body) files.set(file, (body = readFileSync(file)));
    send(req, res, TYPES[extname(file)] ?? 'application/octet-stream', body);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('fixture server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of live) res.end();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
