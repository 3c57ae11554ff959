#!/usr/bin/env -S node --import tsx
import { parseArgs } from 'node:util';
import { AgentConfigError } from './config/load-agent-config.ts';
import { envFileFor, loadEnvFileInto } from './provision/credentials-env-file.ts';
import { hasBrokerPassword, runClaim } from './provision/run-claim.ts';
import { AGENT_VERSION, runAgent } from './runtime/run-agent.ts';
import { runCheck } from './runtime/run-check.ts';

const USAGE = `camwatch-agent — watches a station's cameras and reports to the camwatch hub

Usage:
  camwatch-agent --config /etc/camwatch/agent.yaml     run (under systemd)
  camwatch-agent --config FILE --check                 on-site check report, then exit (1 if a camera is down)
  camwatch-agent claim CODE --hub URL [--ca FILE]      exchange the station's one-time claim code for its broker
                                                       credentials (written to agent.env beside the config, root only)
  camwatch-agent --check --claim CODE --hub URL        the same first when the station has no credentials yet
  camwatch-agent --version

Environment: CAMWATCH_CONFIG names the file when --config is absent; CAMWATCH_<SETTING> overrides
a setting (CAMWATCH_MQTT__PASSWORD, CAMWATCH_INTERVALS__PROBE_MS, ...); agent.env beside the config
file fills those not set (systemd reads it too).
Signals: SIGTERM/SIGINT stop cleanly (state offline, outbox kept); SIGHUP reloads the file.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      config: { type: 'string' },
      check: { type: 'boolean' },
      claim: { type: 'string' },
      hub: { type: 'string' },
      ca: { type: 'string' },
      version: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
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
  const envFile = envFileFor(configFile);
  const claim = { hubUrl: values.hub ?? process.env.CAMWATCH_HUB_URL, envFile, ...(values.ca ? { caFile: values.ca } : {}) };
  if (positionals[0] === 'claim' && positionals.length === 2) return runClaim({ ...claim, code: positionals[1]! }, process.stdout);
  if (positionals.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  loadEnvFileInto(envFile, process.env);
  if (values.check) {
    if (!hasBrokerPassword(configFile, process.env)) {
      if (!values.claim) return runCheck(configFile, process.stdout, process.env, { noCredentials: true });
      const claimed = await runClaim({ ...claim, code: values.claim }, process.stdout);
      if (claimed !== 0) return claimed;
      loadEnvFileInto(envFile, process.env);
    }
    return runCheck(configFile, process.stdout);
  }

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
