import { parseArgs } from 'node:util';
import { isFaultProfileName, type FaultProfileName } from './fault-profile.ts';
import type { Shard } from './fleet-stations.ts';

export const USAGE = [
  'usage: pnpm simulate (--inventory FILE|DIR | --cameras N) --mqtt URL[,URL…] [--seed N]',
  '         [--faults realistic|none] [--credentials FILE.json] [--outbox FILE] [--intervals default|fast]',
  '         [--workers N|auto] [--duration S] [--stats-every S] [--log-level LEVEL]',
].join('\n');

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface SimulatorCliOptions {
  inventory: string | null;
  cameras: number | null;
  mqttUrls: string[];
  seed: number;
  faults: FaultProfileName;
  credentials: string | null;
  outbox: string;
  intervals: 'default' | 'fast';
  /** Simulator processes; each holds at most ~15,000 MQTT connections (the open-file limit is 20,000). */
  workers: number | 'auto';
  shard: Shard | null;
  durationS: number | null;
  statsEveryS: number;
  logLevel: string;
}

function positiveInt(name: string, raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`--${name} must be a positive integer, got "${raw}"`);
  return Number(raw);
}

/** Parses and checks every option, listing all problems at once. */
export function parseSimulatorArgs(argv: readonly string[]): SimulatorCliOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      inventory: { type: 'string' },
      cameras: { type: 'string' },
      mqtt: { type: 'string' },
      seed: { type: 'string' },
      faults: { type: 'string' },
      credentials: { type: 'string' },
      outbox: { type: 'string' },
      intervals: { type: 'string' },
      workers: { type: 'string' },
      shard: { type: 'string' },
      duration: { type: 'string' },
      'stats-every': { type: 'string' },
      'log-level': { type: 'string' },
    },
  });
  const problems: string[] = [];
  const attempt = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (err) {
      problems.push((err as Error).message);
      return fallback;
    }
  };
  if (!values.inventory === !values.cameras) problems.push('give exactly one of --inventory FILE and --cameras N');
  const mqttUrls = (values.mqtt ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (mqttUrls.length === 0) problems.push('--mqtt URL is required');
  for (const url of mqttUrls) if (!/^mqtts?:\/\/[^/]+/.test(url)) problems.push(`--mqtt: "${url}" is not an mqtt:// or mqtts:// URL`);
  const faults = values.faults ?? 'none';
  if (!isFaultProfileName(faults)) problems.push(`--faults must be realistic or none, got "${faults}"`);
  const intervals = values.intervals ?? 'default';
  if (intervals !== 'default' && intervals !== 'fast') problems.push(`--intervals must be default or fast, got "${intervals}"`);
  const seed =
    values.seed === undefined
      ? 1
      : attempt(() => {
          if (!/^-?\d+$/.test(values.seed!)) throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
          return Number(values.seed);
        }, 1);
  const shard =
    values.shard === undefined
      ? null
      : attempt(() => {
          const m = /^(\d+)\/(\d+)$/.exec(values.shard!);
          if (!m || Number(m[1]) >= Number(m[2])) throw new UsageError(`--shard must be i/N with 0 ≤ i < N, got "${values.shard}"`);
          return { index: Number(m[1]), count: Number(m[2]) };
        }, null);
  const options: SimulatorCliOptions = {
    inventory: values.inventory ?? null,
    cameras: values.cameras === undefined ? null : attempt(() => positiveInt('cameras', values.cameras!), null),
    mqttUrls,
    seed,
    faults: isFaultProfileName(faults) ? faults : 'none',
    credentials: values.credentials ?? null,
    outbox: values.outbox ?? 'data/simulator/outbox.sqlite',
    intervals: intervals === 'fast' ? 'fast' : 'default',
    workers:
      values.workers === undefined || values.workers === 'auto'
        ? 'auto'
        : attempt<number | 'auto'>(() => positiveInt('workers', values.workers!), 'auto'),
    shard,
    durationS: values.duration === undefined ? null : attempt(() => positiveInt('duration', values.duration!), null),
    statsEveryS: values['stats-every'] === undefined ? 10 : attempt(() => positiveInt('stats-every', values['stats-every']!), 10),
    logLevel: values['log-level'] ?? 'warn',
  };
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return options;
}
