import { LIVE_EVENTS, type LiveEventName } from '@camwatch/config/api';
import { compileValidator, formatIssues } from '@camwatch/config/validation';

/**
 * The live stream's payload checks, the same schemas the hub used. Loaded on its own (a dynamic
 * import from live-connection.ts): TypeBox and the compiled schemas are a sixth of the bundle and
 * compiling them took ~0.5 s of a phone's boot (4× slower CPU), none of which the first map needs.
 */
const validators = new Map<LiveEventName, ReturnType<typeof compileValidator>>();

/** Why `payload` is not a valid `name` event (the first three problems), or null when it is. Each schema is compiled at its first event. */
export function liveEventProblem(name: LiveEventName, payload: unknown): string | null {
  let validator = validators.get(name);
  if (!validator) validators.set(name, (validator = compileValidator(LIVE_EVENTS[name])));
  return validator.check(payload) ? null : formatIssues(validator.issues(payload, 3));
}
