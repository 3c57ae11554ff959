/**
 * What a service answers instead of doing the change, so services stay free of HTTP: the route
 * turns a refusal into its API error (`refusalError` in http/refusal-error.ts).
 */
export type Refusal =
  | { refused: 'invalid'; issues: { path: string; message: string }[] }
  /** `what` as the API names it ("station S1"); outside the caller's area looks the same. */
  | { refused: 'not_found'; what: string }
  | { refused: 'conflict'; message: string };

export const invalid = (path: string, message: string): Refusal => ({ refused: 'invalid', issues: [{ path, message }] });
export const notFound = (what: string): Refusal => ({ refused: 'not_found', what });
export const conflict = (message: string): Refusal => ({ refused: 'conflict', message });

export function isRefusal(x: unknown): x is Refusal {
  return typeof x === 'object' && x !== null && 'refused' in x;
}
