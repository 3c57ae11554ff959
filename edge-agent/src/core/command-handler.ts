import type { Logger } from 'pino';
import { decodeJson, formatIssues, type CameraReference, type Command } from '@camwatch/config';
import type { Emit } from './emitter.ts';
import type { Clock } from './ports.ts';

/** What a command can ask of the core. */
export interface CommandActions {
  snapshot(cameraId: string | null): Promise<string>;
  reprobe(cameraId: string | null): Promise<string>;
  rediscover(): Promise<string>;
  rebootCamera(cameraId: string): Promise<string>;
  reloadConfig(): Promise<string>;
  acceptReference(cameraId: string): Promise<string>;
  restoreReference(cameraId: string, reference: CameraReference): Promise<string>;
}

/** Thrown by an action to answer `ok: false` with its message. */
export class CommandRefusedError extends Error {
  override readonly name = 'CommandRefusedError';
}

/** QoS 1 may deliver a command twice; the ids of recent ones are remembered so it runs once. */
const REMEMBERED_COMMANDS = 200;

/**
 * Validates commands from the hub, ignores expired and repeated ones, runs the rest and answers
 * every one it runs (or refuses) with a `commandReply` through the outbox.
 */
export class CommandHandler {
  private readonly seen = new Set<string>();
  handled = 0;

  constructor(private readonly deps: { actions: CommandActions; emit: Emit; clock: Clock; logger: Logger; rejects: Map<string, number> }) {}

  /** Raw MQTT payload from the command topic. */
  receive(payload: Buffer): Promise<void> {
    const decoded = decodeJson('command', payload);
    if (!decoded.ok) {
      const reason = `command_${decoded.reason}`;
      this.deps.rejects.set(reason, (this.deps.rejects.get(reason) ?? 0) + 1);
      this.deps.logger.warn({ reason, issues: formatIssues(decoded.issues) }, 'invalid command rejected');
      return Promise.resolve();
    }
    return this.run(decoded.value);
  }

  async run(command: Command): Promise<void> {
    const log = this.deps.logger.child({ commandId: command.commandId, command: command.kind, cameraId: command.cameraId });
    if (this.seen.has(command.commandId)) {
      log.info('repeated command ignored');
      return;
    }
    this.remember(command.commandId);
    if (command.expiresAt < this.deps.clock.now()) {
      log.info('expired command ignored');
      this.reply(command, false, `expired at ${new Date(command.expiresAt).toISOString()}; not executed`);
      return;
    }
    this.handled++;
    try {
      const message = await this.execute(command);
      log.info({ result: message }, 'command done');
      this.reply(command, true, message);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'command failed');
      this.reply(command, false, (err as Error).message);
    }
  }

  private execute(command: Command): Promise<string> {
    const { actions } = this.deps;
    switch (command.kind) {
      case 'snapshot':
        return actions.snapshot(command.cameraId);
      case 'reprobe':
        return actions.reprobe(command.cameraId);
      case 'rediscover':
        return actions.rediscover();
      case 'reboot_camera':
        if (!command.cameraId) return Promise.reject(new CommandRefusedError('reboot_camera needs a cameraId'));
        return actions.rebootCamera(command.cameraId);
      case 'reload_config':
        return actions.reloadConfig();
      case 'accept_reference':
        if (!command.cameraId) return Promise.reject(new CommandRefusedError('accept_reference needs a cameraId'));
        return actions.acceptReference(command.cameraId);
      case 'restore_reference':
        if (!command.cameraId || !command.reference)
          return Promise.reject(new CommandRefusedError('restore_reference needs a cameraId and a reference'));
        return actions.restoreReference(command.cameraId, command.reference);
    }
  }

  private reply(command: Command, ok: boolean, message: string): void {
    const text = message.length > 512 ? `${message.slice(0, 511)}…` : message;
    this.deps.emit('commandReply', { commandId: command.commandId, ok, message: text });
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > REMEMBERED_COMMANDS) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}
