import type { CameraMonitor } from './camera-monitor.ts';
import type { ReloadedConfig } from './agent-core-types.ts';
import { CommandRefusedError, type CommandActions } from './command-handler.ts';
import { withDeadline, type ConcurrencyLimiter } from './concurrency-limiter.ts';
import type { Emit } from './emitter.ts';
import type { CameraProber } from './ports.ts';

export interface CommandContext {
  monitors(): Map<string, CameraMonitor>;
  rediscover(): Promise<{ found: number; added: string[]; lost: string[] }>;
  /** The current prober (a reload may replace it). */
  prober(): CameraProber;
  limiter: ConcurrencyLimiter;
  signal: AbortSignal;
  checkTimeoutMs(): number;
  emit: Emit;
  reloadConfig: (() => Promise<ReloadedConfig>) | null;
}

/** The core's answers to hub commands; each returns the reply text or throws to answer `ok: false`. */
export function createCommandActions(ctx: CommandContext): CommandActions {
  const pick = (cameraId: string | null): CameraMonitor[] => {
    const all = [...ctx.monitors().values()];
    if (cameraId === null) return all;
    const one = ctx.monitors().get(cameraId);
    if (!one) throw new CommandRefusedError(`camera ${cameraId} is not on this station`);
    return [one];
  };
  return {
    async snapshot(cameraId) {
      const monitors = pick(cameraId);
      const results = await Promise.all(monitors.map((m) => m.snapshot('command')));
      const ok = results.filter(Boolean).length;
      if (ok === 0) throw new CommandRefusedError(`no snapshot could be taken (${monitors.length} cameras tried)`);
      return `${ok}/${monitors.length} snapshots queued`;
    },
    async reprobe(cameraId) {
      const monitors = pick(cameraId);
      const verdicts = await Promise.all(monitors.map((m) => m.probe(true)));
      return monitors
        .map(
          (m, i) =>
            `${m.target.cameraId}: ${verdicts[i] ? `${verdicts[i].status}${verdicts[i].cause ? ` (${verdicts[i].cause})` : ''}` : 'not checked'}`,
        )
        .join('; ');
    },
    async rediscover() {
      const r = await ctx.rediscover();
      return `${r.found} cameras answered; added ${r.added.join(', ') || 'none'}; lost ${r.lost.join(', ') || 'none'}`;
    },
    async rebootCamera(cameraId) {
      const [monitor] = pick(cameraId);
      const timeoutMs = ctx.checkTimeoutMs();
      await ctx.limiter.run(() =>
        withDeadline(ctx.signal, timeoutMs, (signal) => ctx.prober().reboot(monitor!.target, { signal, timeoutMs, referenceHash: null })),
      );
      ctx.emit('event', { kind: 'camera_rebooted', cameraId, message: `camera ${cameraId} rebooted on the hub's command`, gap: null });
      return `camera ${cameraId} is rebooting`;
    },
    async acceptReference(cameraId) {
      const [monitor] = pick(cameraId);
      const verdict = await monitor!.acceptView();
      if (!verdict) throw new CommandRefusedError(`camera ${cameraId} could not be checked; the next good picture becomes its reference`);
      if (verdict.status !== 'ok' || monitor!.referenceView === null)
        throw new CommandRefusedError(
          `camera ${cameraId} is ${verdict.status}${verdict.cause ? ` (${verdict.cause})` : ''} now, so its view was not taken as the reference; the next good picture becomes it`,
        );
      return `camera ${cameraId}: the current view is now the reference`;
    },
    async restoreReference(cameraId, reference) {
      const [monitor] = pick(cameraId);
      try {
        return monitor!.restoreReference(reference)
          ? `camera ${cameraId}: reference restored from the hub`
          : `camera ${cameraId}: kept the reference this station has learnt meanwhile`;
      } catch (err) {
        throw new CommandRefusedError(`camera ${cameraId}: the hub's reference is unreadable (${(err as Error).message})`);
      }
    },
    async reloadConfig() {
      if (!ctx.reloadConfig) throw new CommandRefusedError('this agent cannot reload its configuration');
      const config = await ctx.reloadConfig();
      return `configuration reloaded: ${config.cameras.length} static cameras`;
    },
  };
}
