import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

export interface ValidationIssue {
  /** JSON pointer of the offending field, e.g. `/cameras/2/bearingDeg`; empty for the whole value. */
  path: string;
  message: string;
}

export interface Validator<T extends TSchema> {
  check(value: unknown): value is Static<T>;
  /** Every problem, each naming its field; empty when the value is valid. */
  issues(value: unknown, max?: number): ValidationIssue[];
}

/** Compiled once (TypeBox JIT), so validating a hot MQTT stream costs microseconds per message. */
export function compileValidator<T extends TSchema>(schema: T): Validator<T> {
  const compiled = TypeCompiler.Compile(schema);
  return {
    check: (value): value is Static<T> => compiled.Check(value),
    issues(value, max = 20) {
      if (compiled.Check(value)) return [];
      const out: ValidationIssue[] = [];
      const seen = new Set<string>();
      for (const e of compiled.Errors(value)) {
        const key = `${e.path}:${e.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ path: e.path, message: e.message });
        if (out.length >= max) break;
      }
      return out;
    },
  };
}

export function formatIssues(issues: ValidationIssue[]): string {
  return issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; ');
}
