import { isDeepStrictEqual } from 'node:util';
import type { AgentConfig } from './agent-config-schema.ts';

type Path = readonly [keyof AgentConfig, ...string[]];

/**
 * Settings the running agent cannot take live: its identity and broker session, the outbox file
 * and the logger are built once at start. A reload that changes one is refused as a whole, so the
 * hub never sees a config hash that the agent does not actually run.
 */
const RESTART_ONLY: readonly Path[] = [['stationId'], ['collector'], ['mqtt'], ['outbox', 'dir'], ['log', 'level']];

function at(config: AgentConfig, path: Path): unknown {
  let value: unknown = config;
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

/** The restart-only settings that differ, as dotted paths (`mqtt`, `outbox.dir`), for the refusal message. */
export function restartOnlyChanges(running: AgentConfig, next: AgentConfig): string[] {
  return RESTART_ONLY.filter((path) => !isDeepStrictEqual(at(running, path), at(next, path))).map((path) => path.join('.'));
}

/** Whether any of the sections differ (to rebuild only what changed). */
export function sectionsChanged(running: AgentConfig, next: AgentConfig, sections: readonly (keyof AgentConfig)[]): boolean {
  return sections.some((s) => !isDeepStrictEqual(running[s], next[s]));
}
