import fc from 'fast-check';
import type { PayloadOf } from '@camwatch/config';

/** A contract-valid health sample: the base every mutation starts from. */
export function validHealth(stationId: string, bootId: string, seq: number, ts: number): PayloadOf<'health'> {
  return {
    stationId,
    bootId,
    seq,
    ts,
    replay: false,
    cpuPct: 12.5,
    load1: 0.4,
    memUsedPct: 41,
    diskUsedPct: 22,
    tempC: 48,
    uptimeS: 3600,
    uplinkLatencyMs: 80,
    bytesSentToday: 120_000,
    clockOffsetMs: 3,
    outboxPending: 0,
    outboxDropped: 0,
  };
}

export function validCameraStatus(
  stationId: string,
  cameraId: string,
  bootId: string,
  seq: number,
  ts: number,
  status: 'ok' | 'down',
): PayloadOf<'cameraStatus'> {
  return {
    stationId,
    bootId,
    seq,
    ts,
    replay: false,
    cameraId,
    status,
    cause: status === 'ok' ? null : 'unreachable',
    detail: status === 'ok' ? 'stream ok' : 'TCP connect timed out',
    stream: null,
    picture: null,
    checkMs: 120,
  };
}

type Field = keyof PayloadOf<'health'>;
const NUMERIC: readonly Field[] = [
  'seq',
  'ts',
  'cpuPct',
  'load1',
  'memUsedPct',
  'diskUsedPct',
  'uptimeS',
  'bytesSentToday',
  'outboxPending',
  'outboxDropped',
];
const TEXT: readonly Field[] = ['stationId', 'bootId'];

/** A value of a type the field can never take (so the mutated payload is invalid by construction). */
const notNumber = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);
const notText = fc.oneof(
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
);
const notBoolean = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null), fc.constant([]));

/** A health payload with one field of the wrong type, a required field missing, or an unknown field added. */
export function mutatedHealth(base: PayloadOf<'health'>): fc.Arbitrary<string> {
  const wrongNumber = fc.tuple(fc.constantFrom(...NUMERIC), notNumber).map(([k, v]) => ({ ...base, [k]: v }));
  const wrongText = fc.tuple(fc.constantFrom(...TEXT), notText).map(([k, v]) => ({ ...base, [k]: v }));
  const wrongReplay = notBoolean.map((v) => ({ ...base, replay: v }));
  const missing = fc.constantFrom(...(Object.keys(base) as Field[])).map((k) => {
    const copy: Record<string, unknown> = { ...base };
    delete copy[k];
    return copy;
  });
  const extra = fc
    .string({ minLength: 1, maxLength: 12 })
    .filter((k) => !(k in base))
    .map((k) => ({ ...base, [k]: 1 }));
  const outOfRange = fc.oneof(
    fc.double({ min: 100.0001, max: 1e300, noNaN: true }).map((v) => ({ ...base, cpuPct: v })),
    fc.integer({ max: -1 }).map((v) => ({ ...base, seq: v })),
    fc.double({ min: 0.001, max: 0.999, noNaN: true }).map((v) => ({ ...base, uptimeS: 1 + v })),
  );
  return fc.oneof(wrongNumber, wrongText, wrongReplay, missing, extra, outOfRange).map((v) => JSON.stringify(v));
}

/** JSON-looking text that JSON.parse refuses or that parses to a non-finite number: NaN, Infinity, 1e999. */
export function nonFiniteHealth(base: PayloadOf<'health'>): fc.Arbitrary<string> {
  const text = JSON.stringify(base);
  return fc
    .tuple(
      fc.constantFrom('cpuPct', 'load1', 'ts', 'seq', 'tempC'),
      fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e999', '-1e999', 'undefined'),
    )
    .map(([field, literal]) => text.replace(new RegExp(`"${field}":[^,}]+`), `"${field}":${literal}`));
}

/** Anything at all: random bytes, random JSON values, random text. */
export function garbage(): fc.Arbitrary<Buffer> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b)),
    fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
    fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
  );
}
