import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { startAgentCore } from '../core/agent-core.ts';
import type { AgentCore, ReloadedConfig } from '../core/agent-core-types.ts';
import type { AgentConfig } from '../config/agent-config-schema.ts';
import { cameraTargetsFrom } from '../config/camera-targets.ts';
import { restartOnlyChanges, sectionsChanged } from '../config/config-changes.ts';
import { CommandRefusedError } from '../core/command-handler.ts';
import { loadAgentConfig } from '../config/load-agent-config.ts';
import { LinuxHealthSampler } from '../health/linux-health-sampler.ts';
import type { MqttTlsOptions } from '../mqtt/mqtt-session.ts';
import { SqliteOutboxStore } from '../outbox/sqlite-outbox-store.ts';
import { discoveryFrom, proberFrom } from './real-parts.ts';
import agentPackage from '../../package.json' with { type: 'json' };

// Imported (not read at run time) so a bundled agent carries its version inside.
export const AGENT_VERSION: string = agentPackage.version;

export interface RunningAgent {
  core: AgentCore;
  logger: Logger;
  /**
   * Re-reads the file (SIGHUP, or the hub's reload_config) and applies it live; a bad file, or one
   * changing what only a restart can (station id, broker, outbox dir, log level), is refused and
   * the running configuration (and its hash) kept.
   */
  reload(): Promise<ReloadedConfig>;
  stop(): Promise<void>;
}

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'camwatch-agent' },
    redact: { paths: ['password', '*.password', 'mqtt.password'], censor: '[secret]' },
  });
}

function readTls(tls: AgentConfig['mqtt']['tls']): MqttTlsOptions | null {
  if (!tls) return null;
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(tls.caFile ? { ca: readFileSync(tls.caFile) } : {}),
    ...(tls.certFile ? { cert: readFileSync(tls.certFile) } : {}),
    ...(tls.keyFile ? { key: readFileSync(tls.keyFile) } : {}),
  };
}

/** The real agent: configuration file → real prober, Linux health, on-disk outbox → the shared core. */
export function runAgent(configFile: string, env: NodeJS.ProcessEnv = process.env): RunningAgent {
  const { config, hash } = loadAgentConfig(configFile, env);
  const logger = createLogger(config.log.level).child({ stationId: config.stationId });
  const store = new SqliteOutboxStore(join(config.outbox.dir, 'outbox.db'));
  const outbox = store.forStation(config.stationId, { maxBytes: config.outbox.maxBytes });
  const prober = proberFrom(config, logger);
  const discovery = discoveryFrom(config, logger);
  let running = config;
  const reload = async (): Promise<ReloadedConfig> => {
    const { config: next, hash } = loadAgentConfig(configFile, env);
    const restartOnly = restartOnlyChanges(running, next);
    if (restartOnly.length > 0)
      throw new CommandRefusedError(
        `not reloaded: ${restartOnly.join(', ')} changed, which takes effect only when the agent restarts; the running configuration is kept`,
      );
    const reloaded: ReloadedConfig = {
      cameras: cameraTargetsFrom(next),
      intervals: next.intervals,
      limits: {
        checkTimeoutMs: next.checks.timeoutMs,
        checkConcurrency: next.checks.concurrency,
        replayMaxMsgsPerSec: next.outbox.replayMaxMsgsPerSec,
        dailyByteBudget: next.budget.dailyBytes,
        snapshotMaxBytes: next.snapshots.maxBytes,
      },
      ...(sectionsChanged(running, next, ['thresholds', 'checks', 'snapshots']) ? { prober: proberFrom(next, logger) } : {}),
      ...(sectionsChanged(running, next, ['discovery']) ? { discovery: discoveryFrom(next, logger) } : {}),
      configHash: hash,
    };
    outbox.maxBytes = next.outbox.maxBytes;
    running = next;
    return reloaded;
  };
  const core = startAgentCore({
    stationId: config.stationId,
    mqtt: {
      url: config.mqtt.url,
      username: config.mqtt.username ?? null,
      password: config.mqtt.password ?? null,
      tls: readTls(config.mqtt.tls),
      protocol: config.mqtt.protocol,
      willDelayS: config.mqtt.willDelayS,
      sessionExpiryS: config.mqtt.sessionExpiryS,
    },
    prober,
    discovery,
    health: new LinuxHealthSampler({ diskPath: config.outbox.dir }),
    cameras: cameraTargetsFrom(config),
    collector: config.collector,
    outbox,
    intervals: config.intervals,
    limits: {
      checkTimeoutMs: config.checks.timeoutMs,
      checkConcurrency: config.checks.concurrency,
      replayMaxMsgsPerSec: config.outbox.replayMaxMsgsPerSec,
      dailyByteBudget: config.budget.dailyBytes,
      snapshotMaxBytes: config.snapshots.maxBytes,
    },
    logger,
    agentVersion: AGENT_VERSION,
    configHash: hash,
    reloadConfig: reload,
  });
  logger.info({ bootId: core.bootId, cameras: core.cameras().length, outbox: outbox.stats(), version: AGENT_VERSION }, 'agent started');
  return {
    core,
    logger,
    reload: async () => {
      const next = await reload();
      core.applyConfig(next);
      return next;
    },
    stop: async () => {
      await core.stop();
      store.close();
      logger.info('agent stopped');
    },
  };
}
