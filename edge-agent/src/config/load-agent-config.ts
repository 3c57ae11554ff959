import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { compileValidator, type ValidationIssue } from '@camwatch/config';
import { AgentConfig } from './agent-config-schema.ts';
import { applyEnvOverrides } from './env-overrides.ts';

const validator = compileValidator(AgentConfig);

export interface ConfigIssue extends ValidationIssue {
  /** 1-based line in the YAML file, when the problem is in the file. */
  line: number | null;
}

export class AgentConfigError extends Error {
  override readonly name = 'AgentConfigError';
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(
      `${file}: ${issues.length} configuration problem(s)\n${issues.map((i) => `  ${i.line ? `line ${i.line}: ` : ''}${i.path || '/'}: ${i.message}`).join('\n')}`,
    );
  }
}

export interface LoadedConfig {
  config: AgentConfig;
  /** Hash of the effective configuration without secrets, sent in the birth so the hub sees config drift. */
  hash: string;
}

/** Reads, overrides from the environment, fills defaults and validates; throws AgentConfigError listing every problem. */
export function loadAgentConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  return parseAgentConfig(readFileSync(file, 'utf8'), file, env);
}

export function parseAgentConfig(text: string, file: string, env: NodeJS.ProcessEnv = {}): LoadedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const issues: ConfigIssue[] = doc.errors.map((e) => ({
    path: '',
    message: e.message.split('\n')[0]!,
    line: lines.linePos(e.pos[0]).line,
  }));
  if (issues.length > 0) throw new AgentConfigError(file, issues);
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new AgentConfigError(file, [{ path: '', message: 'the file must be a YAML mapping', line: 1 }]);
  const value = raw as Record<string, unknown>;
  issues.push(...applyEnvOverrides(value, env, AgentConfig).map((i) => ({ ...i, line: null })));
  const filled = Value.Default(AgentConfig, value) as unknown;
  issues.push(...validator.issues(filled, 100).map((i) => ({ ...i, line: lineOf(doc, lines, i.path) })));
  if (issues.length === 0) issues.push(...crossChecks(filled as AgentConfig).map((i) => ({ ...i, line: lineOf(doc, lines, i.path) })));
  if (issues.length > 0) throw new AgentConfigError(file, issues);
  const config = filled as AgentConfig;
  return { config, hash: configHash(config) };
}

/** Rules one schema cannot say: unique camera ids, a way to reach each camera, something to watch. */
function crossChecks(config: AgentConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  config.cameras.forEach((c, i) => {
    if (seen.has(c.cameraId)) issues.push({ path: `/cameras/${i}/cameraId`, message: `camera id ${c.cameraId} is listed twice` });
    seen.add(c.cameraId);
    if (!c.rtspUrl && !c.onvifUrl) issues.push({ path: `/cameras/${i}`, message: 'needs rtspUrl or onvifUrl' });
  });
  if (config.collector && config.cameras.length > 0)
    issues.push({ path: '/cameras', message: 'a collector checks the recorders the hub lists: leave cameras out' });
  if (config.collector && config.discovery.enabled)
    issues.push({ path: '/discovery/enabled', message: 'a collector has no LAN of cameras to discover: turn discovery off' });
  if (config.cameras.length === 0 && !config.discovery.enabled && !config.collector)
    issues.push({ path: '/cameras', message: 'no cameras listed and discovery is off: nothing to watch' });
  if (config.mqtt.tls && config.mqtt.url.startsWith('mqtt://'))
    issues.push({ path: '/mqtt/tls', message: 'TLS options given for a plain mqtt:// URL; use mqtts://' });
  if (Boolean(config.mqtt.tls?.certFile) !== Boolean(config.mqtt.tls?.keyFile))
    issues.push({ path: '/mqtt/tls', message: 'certFile and keyFile go together' });
  return issues;
}

function lineOf(doc: Document, lines: LineCounter, pointer: string): number | null {
  const keys = pointer
    .split('/')
    .slice(1)
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k.replace(/~1/g, '/').replace(/~0/g, '~')));
  for (let n = keys.length; n >= 0; n--) {
    const parent = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
    const node = isMap(parent) && n < keys.length ? parent.items.find((p) => isScalar(p.key) && p.key.value === keys[n])?.key : parent;
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return null;
}

const SECRET_KEYS = new Set(['password', 'username']);

function configHash(config: AgentConfig): string {
  const json = JSON.stringify(config, (key, v: unknown) => (SECRET_KEYS.has(key) ? undefined : v));
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}
