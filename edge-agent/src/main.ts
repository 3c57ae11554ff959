#!/usr/bin/env -S node --import tsx
import { parseArgs } from 'node:util';
import { AgentConfigError } from './config/load-agent-config.ts';
import { AGENT_VERSION, runAgent } from './runtime/run-agent.ts';
import { runCheck } from './runtime/run-check.ts';

const USAGE = `camwatch-agent — watches a station's cameras and reports to the camwatch hub

Usage:
  camwatch-agent --config /etc/camwatch/agent.yaml     run (under systemd)
  camwatch-agent --config FILE --check                 on-site check report, then exit (1 if a camera is down)
  camwatch-agent --version

Environment: CAMWATCH_CONFIG names the file when --config is absent; CAMWATCH_<SETTING> overrides
a setting (CAMWATCH_MQTT__PASSWORD, CAMWATCH_INTERVALS__PROBE_MS, ...).
Signals: SIGTERM/SIGINT stop cleanly (state offline, outbox kept); SIGHUP reloads the file.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { config: { type: 'string' }, check: { type: 'boolean' }, version: { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${AGENT_VERSION}\n`);
    return 0;
  }
  const configFile = values.config ?? process.env.CAMWATCH_CONFIG ?? '/etc/camwatch/agent.yaml';
  if (values.check) return runCheck(configFile, process.stdout);

  const agent = runAgent(configFile);
  const { logger } = agent;
  process.on('SIGHUP', () => {
    agent.reload().then(
      (c) => logger.info({ cameras: c.cameras.length }, 'configuration reloaded'),
      (err: Error) => logger.error({ err: err.message }, 'configuration reload refused; running configuration kept'),
    );
  });
  process.on('unhandledRejection', (err) => {
    logger.fatal({ err: (err as Error).message }, 'unhandled rejection; exiting so systemd restarts the agent');
    process.exit(1);
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await agent.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof AgentConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`camwatch-agent: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
