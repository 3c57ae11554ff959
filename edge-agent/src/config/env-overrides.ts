import { Kind, type TObject, type TSchema } from '@sinclair/typebox';
import type { ValidationIssue } from '@camwatch/config';

export const ENV_PREFIX = 'CAMWATCH_';
/** Variables with this prefix that are not settings. */
const NOT_SETTINGS = new Set(['CAMWATCH_CONFIG']);

const words = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/**
 * Environment overrides: `CAMWATCH_` + the setting's path, levels joined by `__`, camelCase as
 * SNAKE_CASE: `CAMWATCH_STATION_ID`, `CAMWATCH_MQTT__PASSWORD`, `CAMWATCH_INTERVALS__PROBE_MS`.
 * Values are typed by the schema. An unknown variable is an error, like an unknown key.
 */
export function applyEnvOverrides(doc: Record<string, unknown>, env: NodeJS.ProcessEnv, schema: TObject): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || NOT_SETTINGS.has(name) || raw === undefined) continue;
    const levels = name.slice(ENV_PREFIX.length).split('__');
    let node: TSchema = schema;
    let target: Record<string, unknown> = doc;
    const path: string[] = [];
    let failed = false;
    for (let i = 0; i < levels.length; i++) {
      const props = (node as Partial<TObject>).properties;
      const key = props ? Object.keys(props).find((k) => words(k) === levels[i]) : undefined;
      if (!props || !key) {
        issues.push({ path: `env:${name}`, message: 'no such setting' });
        failed = true;
        break;
      }
      path.push(key);
      node = props[key]!;
      if (i < levels.length - 1) {
        const child = target[key];
        target = (typeof child === 'object' && child !== null ? child : (target[key] = {})) as Record<string, unknown>;
      } else {
        const value = coerce(node, raw);
        if (value === undefined) {
          issues.push({ path: `env:${name}`, message: `cannot set /${path.join('/')} from the environment (${String(node[Kind])})` });
          failed = true;
        } else target[key] = value;
      }
    }
    if (failed) continue;
  }
  return issues;
}

function coerce(schema: TSchema, raw: string): unknown {
  switch (schema[Kind]) {
    case 'Integer':
    case 'Number':
      return raw.trim() === '' ? raw : Number(raw);
    case 'Boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'Union': {
      // A union of literals such as mqtt.protocol (`auto | 5 | 4`): the member the text spells, number or string.
      const members = (schema as TSchema & { anyOf?: TSchema[] }).anyOf ?? [];
      const literal = members.find((m) => m[Kind] === 'Literal' && String((m as TSchema & { const: unknown }).const) === raw);
      return literal ? (literal as TSchema & { const: unknown }).const : raw;
    }
    case 'String':
    case 'Literal':
      return raw;
    default:
      return undefined;
  }
}
