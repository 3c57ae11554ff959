/**
 * `pnpm bench load [--cameras N] [--connect-cap MIN] [--steady S] [--hubs H] [--sample-every S]
 * [--hub-batch-rows N] [--slow-hub-ms MS] [--keep]` (also `pnpm chaos --load`): the Long An model
 * scaled to 100,000 cameras at the default cadences, on real Mosquitto brokers, hub processes and
 * PostgreSQL. The run has two phases: the connection phase lasts until every station is connected
 * (at most `--connect-cap` minutes, default 12: hitting it fails the run), then a steady window of
 * `--steady` seconds (default 180). Progress and samples on stderr; the last line on stdout is the
 * JSON summary. The baselines come from the same run: the connect rate against the simulators'
 * boot rate, and over the steady window stored rows/s against the rows/s the fleet produced of the
 * same kinds (verdict pass when stored ≥ 0.97 × produced). `--hub-batch-rows 1 --slow-hub-ms 100`
 * slows every hub on purpose (tiny batches, each followed by a stall): the verdict must then fail.
 */
import { parseArgs } from 'node:util';
import { integerFlag, numberFlag } from '../cli/number-flag.ts';
import { formatLoadReport } from '../load/load-report.ts';
import { runLoad } from '../load/load-run.ts';

export default async function loadBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      cameras: { type: 'string' },
      'connect-cap': { type: 'string' },
      steady: { type: 'string' },
      hubs: { type: 'string' },
      'sample-every': { type: 'string' },
      'hub-batch-rows': { type: 'string' },
      'slow-hub-ms': { type: 'string' },
      keep: { type: 'boolean' },
    },
  });
  const result = await runLoad({
    cameras: numberFlag('cameras', values.cameras, 100_000, 1),
    connectCapMs: numberFlag('connect-cap', values['connect-cap'], 12, 0.1) * 60_000,
    steadyMs: numberFlag('steady', values.steady, 180, 1) * 1000,
    hubs: integerFlag('hubs', values.hubs, 3, 1),
    sampleEveryMs: numberFlag('sample-every', values['sample-every'], 30, 1) * 1000,
    hubBatch: values['hub-batch-rows'] === undefined ? null : { maxRows: integerFlag('hub-batch-rows', values['hub-batch-rows'], 1, 1) },
    hubStallMsPerBatch: values['slow-hub-ms'] === undefined ? null : numberFlag('slow-hub-ms', values['slow-hub-ms'], 0, 1),
    keepDir: values.keep ?? false,
  });
  const { samples, progress, ...summary } = result;
  process.stderr.write(`${formatLoadReport(result)}\n`);
  // The connection curve every 30 s or so ([t, booted, connected]): where the phase went slow.
  const connectCurve = progress.filter((_, i, all) => i % 6 === 5 || i === all.length - 1).map((p) => [p.t, p.booted, p.connected]);
  process.stdout.write(`${JSON.stringify({ ...summary, connectCurve, rssOverTime: samples.map((s) => ({ t: s.t, ...s.rssMB })) })}\n`);
}
