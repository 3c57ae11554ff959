import type { ChildMessage } from './child-handle.ts';

export type Handlers = Record<string, (args: Record<string, unknown>) => unknown>;

/** The config a ChildHandle passed (JSON in CAMWATCH_CHAOS_CONFIG). */
export function childConfig<T>(): T {
  const raw = process.env.CAMWATCH_CHAOS_CONFIG;
  if (!raw) throw new Error('CAMWATCH_CHAOS_CONFIG is not set: this script is started by the chaos runner');
  // The config may hold secrets: children must not pass it on to their own children.
  delete process.env.CAMWATCH_CHAOS_CONFIG;
  return JSON.parse(raw) as T;
}

const send = (msg: ChildMessage) => process.send?.(msg);

/** Pushes an event to the parent unasked (its ChildHandle's `onEvent`). */
export function emitEvent(event: unknown): void {
  send({ type: 'event', event });
}

/**
 * The child's side of the IPC: answers each request with its handler's result. `stop` runs its
 * handler, replies, then exits; losing the parent exits at once (no orphans after a test run).
 */
export function serveChild(handlers: Handlers, info: Record<string, unknown>): void {
  process.on('message', (raw) => {
    const { id, op, ...args } = raw as { id: number; op: string } & Record<string, unknown>;
    const handler = handlers[op];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown op ${op}`);
        return handler(args);
      })
      .then(
        (result) => send({ type: 'reply', id, ok: true, result: result ?? null }),
        (err: unknown) => send({ type: 'reply', id, ok: false, error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => {
        if (op === 'stop') process.exit(0);
      });
  });
  process.on('disconnect', () => process.exit(1));
  send({ type: 'ready', info });
}
