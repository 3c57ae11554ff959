/**
 * pnpm chaos [--minutes N] [--cameras N] [--seed N] [--shards N] [--share-group NAME] [--keep] [--fault-drop-one-in N] [--broker-kill]
 * pnpm chaos --load [the flags of `pnpm bench load`]
 *
 * Progress on stderr; on stdout one JSON line with the figures (chaos: produced, stored, lost,
 * duplicates, mismatches, maxLagMs first). Exit code 1 when any check of chaosFailures fails
 * (the same list the tests use), each failure named on stderr. `--fault-drop-one-in N` is fault
 * injection: the hub discards every Nth data message, to see the run fail as it must.
 * `--broker-kill` adds Mosquitto SIGKILLs with production's 60 s autosave (see planFaults: it loses messages today).
 */
import { parseArgs } from 'node:util';
import loadBench from '../bench/load-bench.ts';
import { chaosAbort } from './abortable-sleep.ts';
import { runChaos } from './chaos-run.ts';
import { chaosFailures } from './chaos-verdict.ts';
import { numberFlag as number } from '../cli/number-flag.ts';

const USAGE =
  'usage: pnpm chaos [--minutes N] [--cameras N] [--seed N] [--shards N] [--share-group NAME] [--keep] [--fault-drop-one-in N] [--broker-kill] | pnpm chaos --load [--cameras N] [--connect-cap MIN] [--steady S] [--hubs N] [--sample-every S] [--hub-batch-rows N] [--slow-hub-ms MS] [--keep]';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--load')) {
    // The load run has its own options (load-bench.ts checks them): the other flags are passed on.
    await loadBench(argv.filter((a) => a !== '--load'));
    return 0;
  }
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      minutes: { type: 'string' },
      cameras: { type: 'string' },
      seed: { type: 'string' },
      shards: { type: 'string' },
      'share-group': { type: 'string' },
      'fault-drop-one-in': { type: 'string' },
      'broker-kill': { type: 'boolean' },
      keep: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const minutes = values.minutes === undefined ? null : number('minutes', values.minutes, 1, 0.25);
  const result = await runChaos({
    cameras: number('cameras', values.cameras, 1_696, 1),
    seed: number('seed', values.seed, 1, 0),
    shards: number('shards', values.shards, 4, 1),
    keepDir: values.keep ?? false,
    // A share group reproduces the Mosquitto restart loss the hub's plain default avoids.
    ...(values['share-group'] ? { shareGroup: values['share-group'] } : {}),
    settleTimeoutMs: Math.max(180_000, (minutes ?? 0) * 30_000),
    ...(minutes === null ? {} : { faultPhaseMs: minutes * 60_000 }),
    brokerKill: values['broker-kill'] ?? false,
    ...(values['fault-drop-one-in'] ? { hubDropOneIn: number('fault-drop-one-in', values['fault-drop-one-in'], 1_000, 1) } : {}),
  });
  console.log(JSON.stringify(result));
  const failures = chaosFailures(result);
  for (const f of failures) console.error(`chaos: FAILED: ${f}`);
  return failures.length === 0 ? 0 : 1;
}

// Ctrl-C or SIGTERM: every wait ends, the run stops its processes and servers, then exits.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => chaosAbort.abort());

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`chaos: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    console.error(USAGE);
    process.exitCode = 2;
  },
);
