import fc from 'fast-check';

/** One operation of the OpenAPI document. */
export interface ApiRoute {
  method: string;
  /** OpenAPI path, `{param}` placeholders included. */
  path: string;
  query: string[];
  pathParams: string[];
  body: JsonSchema | null;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
}

interface OpenApiDoc {
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
  >;
}

/** Every operation of the hub's published OpenAPI document. */
export function routesOf(doc: OpenApiDoc): ApiRoute[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path: path.replace(/\/$/, '') || '/',
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      body: op.requestBody?.content?.['application/json']?.schema ?? null,
    })),
  );
}

/** Path segments an attacker tries where an id is expected. */
export const TRAVERSAL = [
  '..',
  '../..',
  '../../../../etc/passwd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '....//....//etc/passwd',
  '/etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  'a%00.jpg',
  '%252e%252e%252f',
  '.',
  '~root',
  'snapshots/../../hub.log',
];

export const SQL_INJECTION = [
  "' OR '1'='1",
  "' OR 1=1--",
  '1; DROP TABLE stations;--',
  "'); DELETE FROM users;--",
  "x' UNION SELECT password_hash FROM users--",
  '1) OR (1=1',
  "%' OR station_id LIKE '%",
  '\\x27 OR 1=1',
  "admin'--",
  '1 OR pg_sleep(5)--',
  "'||(SELECT secret_hash FROM station_credentials LIMIT 1)||'",
];

/** A value of a type the schema cannot take. */
function wrongFor(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const types = new Set([schema?.type ?? []].flat());
  const options: fc.Arbitrary<unknown>[] = [];
  if (!types.has('string')) options.push(fc.string({ maxLength: 30 }));
  if (!types.has('number') && !types.has('integer')) options.push(fc.double());
  if (!types.has('boolean')) options.push(fc.boolean());
  if (!types.has('object')) options.push(fc.constant({ $gt: '' }));
  if (!types.has('array')) options.push(fc.array(fc.integer(), { maxLength: 3 }));
  options.push(fc.constant('x'.repeat(70_000)));
  return fc.oneof(...options);
}

/** A JSON body that breaks the route's schema: a field of the wrong type, a field missing, an unknown one, or no object at all. */
export function invalidBody(schema: JsonSchema | null): fc.Arbitrary<string> {
  const props = schema?.properties ?? {};
  const keys = Object.keys(props);
  const valid = Object.fromEntries(
    keys.map((k) => [k, props[k]?.enum?.[0] ?? (props[k]?.type === 'string' ? 'x' : props[k]?.type === 'boolean' ? true : 1)]),
  );
  const arbitraries: fc.Arbitrary<unknown>[] = [
    fc.jsonValue({ maxDepth: 3 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
    fc.constant({ ...valid, ['__proto__']: { admin: true }, constructor: { prototype: { admin: true } } }),
  ];
  if (keys.length) {
    arbitraries.push(fc.constantFrom(...keys).chain((k) => wrongFor(props[k]).map((v) => ({ ...valid, [k]: v }))));
    arbitraries.push(
      fc
        .string({ minLength: 1, maxLength: 10 })
        .filter((k) => !keys.includes(k))
        .map((k) => ({ ...valid, [k]: 'x' })),
    );
  }
  const required = schema?.required ?? [];
  if (required.length)
    arbitraries.push(fc.constantFrom(...required).map((k) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== k))));
  return fc.oneof(...arbitraries).map((v) => JSON.stringify(v) ?? 'null');
}

/** A query value nobody should send. */
export const hostileQueryValue = fc.oneof(
  fc.constantFrom(
    ...SQL_INJECTION,
    ...TRAVERSAL,
    '-1',
    '0',
    '1e999',
    'NaN',
    '99999999999999999999999',
    '2024-02-30',
    '9999-12-31T99:99',
    '',
    ' ',
    '[]',
    '{}',
  ),
  fc.string({ maxLength: 40 }),
  fc.constant('q'.repeat(3_000)),
);

/** Fills `{param}` placeholders. */
export function fillPath(path: string, value: (param: string) => string): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(value(name)));
}
