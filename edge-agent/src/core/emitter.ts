import { validatePayload, formatIssues } from '@camwatch/config';
import type { Logger } from 'pino';
import type { DataFields, DataKind, OutboxRecord } from '../outbox/outbox-types.ts';
import type { StationOutbox } from '../outbox/station-outbox.ts';
import { OutboxWriteError } from '../outbox/outbox-write-error.ts';
import type { Clock } from './ports.ts';

export type Emit = <K extends DataKind>(kind: K, fields: DataFields<K>, jpeg?: Buffer) => OutboxRecord | null;

/**
 * The one way the core produces a data message: validated against the contract (a message the hub
 * would reject is counted here and never queued), then committed to the outbox, then handed to
 * the sender. A record the outbox cannot store (disk full) is counted by the outbox and reported
 * later by a gap marker; the caller gets null like for any message not queued, never an exception:
 * the acknowledgements that free the disk only come if the agent keeps running.
 */
export function createEmitter(deps: {
  outbox: StationOutbox;
  clock: Clock;
  logger: Logger;
  rejects: Map<string, number>;
  sent: (record: OutboxRecord) => void;
  /** False once the core stopped: late results of aborted checks are not written. */
  active: () => boolean;
}): Emit {
  const { outbox, clock, logger, rejects, sent, active } = deps;
  return (kind, fields, jpeg) => {
    if (!active()) return null;
    const ts = clock.now();
    const probe = { stationId: outbox.stationId, bootId: outbox.bootId, seq: outbox.seq + 1, ts, replay: false, ...fields };
    const checked = validatePayload(kind, probe);
    if (!checked.ok) {
      const reason = `invalid_${kind}`;
      rejects.set(reason, (rejects.get(reason) ?? 0) + 1);
      logger.error({ kind, issues: formatIssues(checked.issues) }, 'message does not match the contract; not queued');
      return null;
    }
    let record: OutboxRecord;
    try {
      record = outbox.append(kind, fields, ts, jpeg);
    } catch (err) {
      if (!(err instanceof OutboxWriteError)) throw err;
      logger.error(
        { kind, code: err.code, unwritten: outbox.stats().unwritten },
        'outbox full on disk: message not stored, counted for a gap marker',
      );
      return null;
    }
    sent(record);
    return record;
  };
}
