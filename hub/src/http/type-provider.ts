import type { FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { ApiError } from './api-error.ts';

/**
 * Route schemas come straight from `@camwatch/config` (TypeBox 0.34). The published
 * @fastify/type-provider-typebox 6 targets TypeBox 1.x, so this is the same few lines for 0.34:
 * the schema gives the handler's types, and validation runs TypeBox's compiled checker so
 * the API and MQTT ingress reject exactly the same values with the same messages.
 */
export interface TypeBoxProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
}

const MAX_ISSUES = 10;

/**
 * Query strings and path params arrive as strings, so they are converted to the schema's
 * types first (`?limit=5` → 5); bodies are JSON and checked as they are. Defaults apply to both.
 */
export const typeBoxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const checker = TypeCompiler.Compile(schema);
  const convert = httpPart !== 'body';
  return (data: unknown) => {
    let value = Value.Default(schema, Value.Clone(data ?? (httpPart === 'body' ? data : {})));
    if (convert) value = Value.Convert(schema, value);
    if (checker.Check(value)) return { value };
    const issues: { path: string; message: string }[] = [];
    for (const e of checker.Errors(value)) {
      if (issues.some((i) => i.path === e.path)) continue;
      issues.push({ path: `${httpPart === 'querystring' ? 'query' : httpPart}${e.path}`, message: e.message });
      if (issues.length >= MAX_ISSUES) break;
    }
    if (issues.length === 0) issues.push({ path: httpPart ?? '', message: 'invalid value' });
    return { error: ApiError.validation(issues) };
  };
};
