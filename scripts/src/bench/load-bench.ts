/**
 * `pnpm bench load [--cameras N] [--minutes M] [--hubs H] [--sample-every S] [--keep]` (also
 * `pnpm chaos --load`): the Long An model scaled to 100,000 cameras at the default cadences, on
 * real Mosquitto brokers, hub processes and PostgreSQL. Progress and samples on stderr; the last
 * line on stdout is the JSON summary (lag, throughput, RSS over time per process). The baselines
 * come from the same run: stored rows/s against the rows/s the fleet produced of the same kinds
 * (verdict pass when stored ≥ 0.97 × produced once every station is connected), and the connect
 * rate against the simulators' boot rate.
 */
import { parseArgs } from 'node:util';
import { numberFlag } from '../cli/number-flag.ts';
import { formatLoadReport } from '../load/load-report.ts';
import { runLoad } from '../load/load-run.ts';

export default async function loadBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      cameras: { type: 'string' },
      minutes: { type: 'string' },
      hubs: { type: 'string' },
      'sample-every': { type: 'string' },
      keep: { type: 'boolean' },
    },
  });
  const result = await runLoad({
    cameras: numberFlag('cameras', values.cameras, 100_000, 1),
    durationMs: numberFlag('minutes', values.minutes, 4, 0.1) * 60_000,
    hubs: numberFlag('hubs', values.hubs, 3, 1),
    sampleEveryMs: numberFlag('sample-every', values['sample-every'], 30, 1) * 1000,
    keepDir: values.keep ?? false,
  });
  const { samples, ...summary } = result;
  process.stderr.write(`${formatLoadReport(result)}\n`);
  process.stdout.write(`${JSON.stringify({ ...summary, rssOverTime: samples.map((s) => ({ t: s.t, ...s.rssMB })) })}\n`);
}
