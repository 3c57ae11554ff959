import type { Logger } from 'pino';
import type { DailyByteCounter } from '../mqtt/daily-byte-counter.ts';
import type { MqttSession } from '../mqtt/mqtt-session.ts';
import type { OutboxPump } from '../mqtt/outbox-pump.ts';
import type { StationOutbox } from '../outbox/station-outbox.ts';
import type { Emit } from './emitter.ts';
import type { BudgetReport } from './snapshot-budget.ts';
import type { Clock, HealthSampler } from './ports.ts';

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The station heartbeat: the sampler's readings plus what only the core knows (outbox, bytes, clock offset, uplink latency). */
export class HealthReporter {
  sent = 0;
  lastLatencyMs: number | null = null;

  constructor(
    private readonly deps: {
      sampler: HealthSampler;
      emit: Emit;
      outbox: StationOutbox;
      session: MqttSession;
      pump: OutboxPump;
      bytes: DailyByteCounter;
      clock: Clock;
      logger: Logger;
      clockOffsetMs: () => number | null;
      /** The byte budget's plan as of now. */
      budget: () => BudgetReport;
    },
  ) {}

  async report(): Promise<void> {
    const { sampler, emit, outbox, session, pump, bytes, clock, logger } = this.deps;
    let reading;
    try {
      reading = await sampler.sample();
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'health sampling failed');
      return;
    }
    session.flushByteCount();
    const measured = pump.takeLatency();
    if (measured !== null) this.lastLatencyMs = measured;
    const today = bytes.today(clock.now());
    outbox.saveBytes(today.day, today.bytes);
    const stats = outbox.stats();
    const budget = this.deps.budget();
    const record = emit('health', {
      cpuPct: round1(clamp(reading.cpuPct, 0, 100)),
      load1: round1(clamp(reading.load1, 0, 1000)),
      memUsedPct: round1(clamp(reading.memUsedPct, 0, 100)),
      diskUsedPct: round1(clamp(reading.diskUsedPct, 0, 100)),
      tempC: reading.tempC === null ? null : round1(clamp(reading.tempC, -60, 150)),
      uptimeS: Math.max(0, Math.round(reading.uptimeS)),
      uplinkLatencyMs: reading.uplinkLatencyMs ?? measured ?? this.lastLatencyMs,
      bytesSentToday: today.bytes,
      clockOffsetMs: this.deps.clockOffsetMs(),
      outboxPending: stats.pending,
      // Records a full disk refused count as dropped at once (their gap marker follows when one fits).
      outboxDropped: stats.droppedTotal + stats.unwritten,
      byteBudget: budget.budgetBytes,
      bytesProjectedToday: Math.max(today.bytes, budget.projectedBytes),
      snapshotMode: budget.mode,
      snapshotMaxBytes: budget.maxBytes,
      snapshotIntervalMs: budget.intervalMs,
    });
    if (record) this.sent++;
  }
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
