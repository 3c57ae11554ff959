import type { Logger } from 'pino';
import type { AgentConfig } from '../config/agent-config-schema.ts';
import type { CameraDiscovery } from '../core/ports.ts';
import { createOnvifDiscovery, createRealProber, type RealProber } from '../probe/index.ts';

/** The real camera prober as the configuration sets it up (the service and `--check` use the same). */
export function proberFrom(config: AgentConfig, logger: Logger): RealProber {
  return createRealProber({
    logger,
    thresholds: config.thresholds,
    concurrency: config.checks.concurrency,
    frameSampleSeconds: config.checks.frameSampleSeconds,
    snapshotMaxWidthPx: config.snapshots.maxWidthPx,
    snapshotMaxBytes: config.snapshots.maxBytes,
  });
}

export function discoveryFrom(config: AgentConfig, logger: Logger): CameraDiscovery | null {
  if (!config.discovery.enabled) return null;
  const { username, password } = config.discovery;
  return createOnvifDiscovery({
    logger,
    idPrefix: config.stationId,
    credentials: username ? { username, password: password ?? '' } : null,
  });
}
