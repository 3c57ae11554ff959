import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';
import { addSummaries, type FleetSummary } from './fleet-summary.ts';

/** Messages a worker process sends to its parent over IPC. */
export type WorkerMessage = { type: 'summary'; summary: FleetSummary; final: boolean };

/**
 * Runs the fleet in `count` child processes, each with `--shard i/count`. One process cannot
 * hold more than ~19,000 sockets here (open-file limit 20,000, not raisable), and two
 * processes also use both cores. The parent prints one summed line per round of summaries.
 */
export async function runWorkers(
  scriptPath: string,
  argv: readonly string[],
  count: number,
  print: (s: FleetSummary, final: boolean) => void,
  logger: Logger,
): Promise<number> {
  const latest = new Map<number, FleetSummary>();
  const finals = new Set<number>();
  const children: ChildProcess[] = [];
  const exits: Promise<number>[] = [];
  for (let i = 0; i < count; i++) {
    const child = fork(scriptPath, [...argv, '--shard', `${i}/${count}`], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(child);
    child.on('message', (raw) => {
      const msg = raw as WorkerMessage;
      if (msg?.type !== 'summary') return;
      latest.set(i, msg.summary);
      if (msg.final) finals.add(i);
      // Print when every worker has reported this round (or at the end).
      if (latest.size === count) {
        print(addSummaries([...latest.values()]), finals.size === count);
        if (finals.size < count) latest.clear();
      }
    });
    exits.push(
      new Promise((resolve) =>
        child.once('exit', (code, signal) => {
          if (code !== 0) logger.error({ worker: i, code, signal }, 'simulator worker ended abnormally');
          resolve(code ?? 1);
        }),
      ),
    );
  }
  const forward = (signal: NodeJS.Signals) => () => {
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  const codes = await Promise.all(exits);
  return codes.every((c) => c === 0) ? 0 : 1;
}
