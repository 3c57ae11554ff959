import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationIdFor } from '../src/http/openapi-document.ts';
import { startHarness, type Harness } from './api-support/api-harness.ts';

const run = promisify(execFile);
const REDOCLY = fileURLToPath(new URL('../node_modules/.bin/redocly', import.meta.url));

interface OpenApiDoc {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, { operationId?: string }>>;
}

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

/** Redocly's recommended ruleset on a document; every problem, errors and warnings. */
async function redoclyLint(file: string): Promise<LintProblem[]> {
  // Exit code 1 means "errors found": the JSON report on stdout says which.
  const out = await run(REDOCLY, ['lint', file, '--extends=recommended', '--format=json'], { maxBuffer: 16 * 1024 * 1024 }).catch(
    (err: { stdout?: string; code?: number }) => {
      if (err.code === 1 && err.stdout) return { stdout: err.stdout };
      throw err;
    },
  );
  return (JSON.parse(out.stdout) as { problems: LintProblem[] }).problems;
}

describe('/api/openapi.json', () => {
  let h: Harness;
  let doc: OpenApiDoc;
  let file: string;
  beforeAll(async () => {
    h = await startHarness({ liveFeedPollMs: null });
    const res = await h.request('GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    doc = res.json() as OpenApiDoc;
    file = join(h.dir, 'openapi.json');
    await writeFile(file, res.body);
  });
  afterAll(() => h?.close());

  it("passes Redocly's recommended lint with no error", { timeout: 120_000 }, async () => {
    const problems = await redoclyLint(file);
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
  });

  it('declares its version and a server, and has no trailing-slash path', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(Object.keys(doc.paths).filter((p) => p.length > 1 && p.endsWith('/'))).toEqual([]);
  });

  it('gives every operation a unique operationId made from its method and path', () => {
    const ids: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.operationId, `${method} ${path}`).toBe(operationIdFor(method, path));
        ids.push(op.operationId!);
      }
    }
    expect(ids.length).toBeGreaterThan(55);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operationIdFor('get', '/api/stations/{id}/cameras')).toBe('getStationsByIdCameras');
    expect(operationIdFor('post', '/api/alerts/{alertId}/ack')).toBe('postAlertsByAlertIdAck');
  });

  it("still answers a route registered as '/' under its prefix with and without the slash (the dashboard calls /api/me)", async () => {
    expect((await h.request('GET', '/api/me', { user: 'admin' })).statusCode).toBe(200);
    expect((await h.request('GET', '/api/me/', { user: 'admin' })).statusCode).toBe(200);
  });
});
