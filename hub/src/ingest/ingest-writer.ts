import type { Db } from '../db/db.ts';
import { KEYED_SAMPLE_KINDS, SampleRepository, messageKey, isKeyed, type KeyedItem, type KeyedSampleKind } from './sample-repository.ts';
import type { SnapshotRepository } from '../snapshots/snapshot-repository.ts';
import { CommandRepository } from '../commands/command-repository.ts';
import { ReferenceRepository } from '../references/reference-repository.ts';
import type { StationSignal } from '../status/status-rules.ts';
import type { AppliedTransition, CameraSampleIn, StatusUpdater } from '../status/status-updater.ts';
import { envelopeOf, type IngestItem, type IngestKind } from './ingest-types.ts';

export interface BatchOutcome {
  stored: Partial<Record<IngestKind, number>>;
  duplicates: Partial<Record<IngestKind, number>>;
  /** Of the duplicates, those whose (station, boot, seq) was stored before with another kind or ts: an agent reusing a sequence number. */
  conflicting: Partial<Record<IngestKind, number>>;
  transitions: AppliedTransition[];
  /** Snapshot file hashes whose rows were dropped in this batch; collect after commit. */
  droppedSnapshots: string[];
}

/**
 * Writes one batch in one transaction: samples (idempotent), station liveness, camera status
 * intervals, snapshot metadata. Status work runs under per-station locks, so concurrent batches
 * and hubs sharing a fleet never interleave status updates of one station.
 *
 * Why these locks, and why they are cheap now: the samples go in first (ON CONFLICT DO NOTHING on
 * the message key, no lock), then the batch's stations are locked (transaction advisory locks, in
 * sorted order in one statement, before any row is written: no deadlock), and only then is status
 * read, so whoever locks a station second sees everything the first committed, samples included.
 * Advisory rather than `SELECT … FOR UPDATE` on station rows: a station's first message has no
 * liveness row to lock yet, and one lock covers its liveness, its station intervals and its
 * cameras' intervals. Within a hub the batcher gives each station one writer (lanes), so these
 * locks never make two batches of one hub wait for each other; they only meet across hubs and
 * with the timeout sweep. All status statements are set-based: their number does not grow with
 * the stations or cameras in a batch.
 */
export class IngestWriter {
  constructor(
    private readonly status: StatusUpdater,
    private readonly snapshots: SnapshotRepository,
    private readonly samples: SampleRepository = new SampleRepository(),
    private readonly commands: CommandRepository = new CommandRepository(),
    private readonly references: ReferenceRepository = new ReferenceRepository(),
  ) {}

  write(db: Db, items: readonly IngestItem[]): Promise<BatchOutcome> {
    return db.transaction(async (tx) => {
      const out: BatchOutcome = { stored: {}, duplicates: {}, conflicting: {}, transitions: [], droppedSnapshots: [] };
      const count = (which: 'stored' | 'duplicates' | 'conflicting', kind: IngestKind, n: number) => {
        if (n > 0) out[which][kind] = (out[which][kind] ?? 0) + n;
      };
      // Each data message (station, boot, seq) once, whatever its kind or ts. Within the batch the first to
      // arrive with a key is its candidate and later ones are duplicates here already; each candidate then
      // claims its key and stores its sample in one statement per kind (SampleRepository.store).
      const firstWith = new Map<string, KeyedItem>();
      const byKind = new Map<KeyedSampleKind | 'snapshot', KeyedItem[]>();
      const births: Extract<IngestItem, { kind: 'birth' }>[] = [];
      for (const i of items) {
        if (i.kind === 'birth') births.push(i);
        if (!isKeyed(i)) continue;
        const env = envelopeOf(i);
        const key = messageKey(i.stationId, env.bootId, env.seq);
        const first = firstWith.get(key);
        if (first) {
          count('duplicates', i.kind, 1);
          if (first.kind !== i.kind || envelopeOf(first).ts !== env.ts) count('conflicting', i.kind, 1);
          continue;
        }
        firstWith.set(key, i);
        const list = byKind.get(i.kind);
        if (list) list.push(i);
        else byKind.set(i.kind, [i]);
      }
      // Stored for the first time by this batch: what status, replies and references act on.
      const fresh = new Set<IngestItem>();
      for (const kind of KEYED_SAMPLE_KINDS) {
        const list = byKind.get(kind);
        if (!list) continue;
        const res = await this.samples.store(tx, kind, list as Extract<IngestItem, { kind: typeof kind }>[]);
        for (const i of res.stored) fresh.add(i);
        count('stored', kind, res.stored.size);
        count('duplicates', kind, res.duplicates.length);
        for (const d of res.duplicates) if (d.conflicting) count('conflicting', kind, 1);
      }
      // A birth claims no key (see KeyedItem); still ON CONFLICT DO NOTHING on its own table.
      if (births.length) {
        const inserted = await this.samples.insert(tx, 'birth', births);
        for (const i of births) if (inserted.has(messageKey(i.stationId, i.payload.bootId, i.payload.seq))) fresh.add(i);
        count('stored', 'birth', inserted.size);
        count('duplicates', 'birth', births.length - inserted.size);
      }
      // Snapshots claim their keys here; their rows are written under the station locks below.
      const snapCandidates = byKind.get('snapshot') ?? [];
      const claim = await this.samples.claimKeys(tx, snapCandidates);
      for (const i of claim.conflicting) count('conflicting', i.kind, 1);

      // A reply settles the command it names, in the same transaction as the stored reply; a duplicate changes nothing.
      await this.commands.applyReplies(
        tx,
        items.flatMap((i) =>
          i.kind === 'commandReply' && fresh.has(i)
            ? [
                {
                  stationId: i.stationId,
                  commandId: i.payload.commandId,
                  ok: i.payload.ok,
                  message: i.payload.message,
                  receivedAt: i.receivedAt,
                },
              ]
            : [],
        ),
      );

      // A camera's reference, kept for a reinstalled agent, from the event that reported it (stored once, like the event).
      await this.references.record(
        tx,
        items.flatMap((i) =>
          i.kind === 'event' && i.payload.kind === 'reference_updated' && i.payload.reference && i.payload.cameraId && fresh.has(i)
            ? [
                {
                  stationId: i.stationId,
                  cameraId: i.payload.cameraId,
                  reference: i.payload.reference,
                  ts: i.payload.ts,
                  receivedAt: i.receivedAt,
                },
              ]
            : [],
        ),
      );

      // Samples first, then the station locks: a concurrent batch can insert while this one updates status.
      await this.status.lockStations(
        tx,
        items.map((i) => i.stationId),
      );
      // All of the batch's snapshots in a few statements (a connection storm brings one per camera).
      // Of the candidates (a batch's inner duplicates are counted above).
      const snaps = snapCandidates.filter((i): i is Extract<IngestItem, { kind: 'snapshot' }> => i.kind === 'snapshot');
      const claimedSnaps = snaps.filter((i) => claim.claimed.has(i));
      const recorded = await this.snapshots.recordMany(
        tx,
        claimedSnaps.map((i) => ({ stationId: i.stationId, snap: i.payload })),
      );
      const storedSnap = new Map(claimedSnaps.map((i, k) => [i, recorded.stored[k]!]));
      for (const i of snaps) {
        const stored = storedSnap.get(i) ?? false;
        count(stored ? 'stored' : 'duplicates', 'snapshot', 1);
        if (stored) fresh.add(i);
      }
      out.droppedSnapshots.push(...recorded.dropped);
      const signals = await this.status.applySignals(tx, signalsOf(items, fresh));
      out.transitions = signals.transitions;
      count('stored', 'state', items.filter((i) => i.kind === 'state').length);

      const samples: CameraSampleIn[] = [];
      for (const i of items) {
        if (i.kind !== 'cameraStatus' || !fresh.has(i)) continue;
        samples.push({
          cameraId: i.payload.cameraId,
          stationId: i.stationId,
          ts: i.payload.ts,
          status: i.payload.status,
          cause: i.payload.cause,
        });
      }
      await this.status.applyCameraSamples(tx, samples, signals.liveness, signals.recomputed);
      return out;
    });
  }
}

/**
 * Liveness signals in arrival order: the state topic as such, and any other live message stored for
 * the first time as a sign of life. A duplicate (redelivered after a crash between commit and PUBACK,
 * or caught up by a second hub) says nothing about now, and a retained message was written long ago.
 */
function signalsOf(items: readonly IngestItem[], fresh: ReadonlySet<IngestItem>): { stationId: string; signal: StationSignal }[] {
  const out: { stationId: string; signal: StationSignal }[] = [];
  for (const i of items) {
    if (i.kind === 'state') {
      const p = i.payload;
      out.push({
        stationId: i.stationId,
        signal: { kind: 'state', state: p.state, bootId: p.bootId, connectionId: p.connectionId, at: i.receivedAt, retained: i.retained },
      });
      continue;
    }
    if (i.retained) continue;
    if (!fresh.has(i)) continue;
    const env = envelopeOf(i);
    // A birth announces the will delay of its connection: how long the hub holds that station's Last Will.
    const willDelayS = i.kind === 'birth' ? i.payload.willDelayS : undefined;
    const delay = willDelayS === undefined ? {} : { willDelayMs: willDelayS * 1000 };
    out.push({ stationId: i.stationId, signal: { kind: 'message', at: i.receivedAt, bootId: env.bootId, ...delay } });
  }
  return out;
}
