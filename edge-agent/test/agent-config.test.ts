import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '@camwatch/config';
import { AgentConfigError, parseAgentConfig } from '../src/config/load-agent-config.ts';

const minimal = `version: 1
stationId: LA-BL-0042
mqtt:
  url: mqtts://hub.example.vn:8883
  username: LA-BL-0042
  password: s3cret
  tls:
    caFile: /etc/camwatch/ca.pem
cameras:
  - cameraId: LA-BL-0042-C1
    rtspUrl: rtsp://192.168.1.64:554/Streaming/Channels/101
    username: admin
    password: cam-pass
    make: Hikvision
`;

function problems(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseAgentConfig(text, 'agent.yaml', env);
  } catch (err) {
    if (err instanceof AgentConfigError) return err.issues.map((i) => `${i.line ?? '-'} ${i.path} ${i.message}`);
    throw err;
  }
  return [];
}

describe('agent configuration', () => {
  it('fills every default from the contracts', () => {
    const { config, hash } = parseAgentConfig(minimal, 'agent.yaml');
    expect(config.intervals).toEqual({
      healthMs: DEFAULTS.healthIntervalMs.value,
      probeMs: DEFAULTS.probeIntervalMs.value,
      pictureCheckMs: DEFAULTS.pictureCheckIntervalMs.value,
      statusRefreshMs: DEFAULTS.statusRefreshIntervalMs.value,
      snapshotMs: DEFAULTS.snapshotIntervalMs.value,
    });
    expect(config.outbox).toEqual({
      dir: '/var/lib/camwatch',
      maxBytes: DEFAULTS.outboxMaxBytes.value,
      replayMaxMsgsPerSec: DEFAULTS.replayMaxMsgsPerSec.value,
    });
    expect(config.discovery.enabled).toBe(false);
    expect(config.mqtt.tls).toEqual({ caFile: '/etc/camwatch/ca.pem', rejectUnauthorized: true });
    expect(config.cameras[0]).toMatchObject({ make: 'Hikvision', model: 'unknown' });
    // Secrets do not change the hash (the hub sees it), settings do.
    expect(parseAgentConfig(minimal.replace('s3cret', 'other'), 'agent.yaml').hash).toBe(hash);
    expect(parseAgentConfig(`${minimal}intervals:\n  probeMs: 30000\n`, 'agent.yaml').hash).not.toBe(hash);
  });

  it('lists every problem at once, with its line, unknown keys included', () => {
    const bad = `version: 1
stationId: "LA BL/42"
mqtt:
  url: http://hub:1883
  pasword: x
cameras:
  - cameraId: C1
    rtspUrl: rtsp://10.0.0.2/s
    fps: 25
intervals:
  probeMs: 10
colour: blue
`;
    const found = problems(bad);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^2 \/stationId /),
        expect.stringMatching(/^4 \/mqtt\/url /),
        expect.stringMatching(/^5 \/mqtt\/pasword Unexpected property/),
        expect.stringMatching(/^9 \/cameras\/0\/fps Unexpected property/),
        expect.stringMatching(/^11 \/intervals\/probeMs .*1000/),
        expect.stringMatching(/^12 \/colour Unexpected property/),
      ]),
    );
  });

  it('checks what the schema cannot: duplicate ids, unreachable cameras, nothing to watch, TLS on plain mqtt', () => {
    expect(problems(minimal.replace('mqtts://', 'mqtt://'))).toEqual([
      expect.stringMatching(/\/mqtt\/tls TLS options given for a plain mqtt:\/\/ URL/),
    ]);
    const twice = `${minimal}  - cameraId: LA-BL-0042-C1\n    make: Dahua\n`;
    expect(problems(twice)).toEqual([
      expect.stringMatching(/^15 \/cameras\/1\/cameraId .*listed twice/),
      expect.stringMatching(/^15 \/cameras\/1 needs rtspUrl or onvifUrl/),
    ]);
    expect(problems('version: 1\nstationId: S1\nmqtt:\n  url: mqtt://h\n')).toEqual([
      expect.stringMatching(/\/cameras no cameras listed and discovery is off/),
    ]);
    expect(problems('version: 1\nstationId: S1\nmqtt:\n  url: mqtt://h\ndiscovery:\n  enabled: true\n')).toEqual([]);
    expect(problems('version: 1\nstationId: [a\n')[0]).toMatch(/^\d+ {2}/);
  });

  it('takes environment overrides typed by the schema and rejects unknown ones', () => {
    const { config } = parseAgentConfig(minimal, 'agent.yaml', {
      CAMWATCH_MQTT__PASSWORD: 'from-env',
      CAMWATCH_INTERVALS__PROBE_MS: '30000',
      CAMWATCH_DISCOVERY__ENABLED: 'true',
      CAMWATCH_MQTT__PROTOCOL: '4',
      CAMWATCH_BUDGET__DAILY_BYTES: '50000000',
      CAMWATCH_STATION_ID: 'LA-BL-0043',
      CAMWATCH_CONFIG: '/etc/x.yaml',
      PATH: '/bin',
    });
    expect(config).toMatchObject({
      stationId: 'LA-BL-0043',
      mqtt: { password: 'from-env', protocol: 4, willDelayS: 30, sessionExpiryS: 86_400 },
      budget: { dailyBytes: 50_000_000 },
      intervals: { probeMs: 30000 },
      discovery: { enabled: true },
    });
    expect(problems(minimal, { CAMWATCH_MQTT__PASWORD: 'x', CAMWATCH_INTERVALS__PROBE_MS: 'soon', CAMWATCH_CAMERAS: '[]' })).toEqual([
      '- env:CAMWATCH_MQTT__PASWORD no such setting',
      '- env:CAMWATCH_CAMERAS cannot set /cameras from the environment (Array)',
      expect.stringMatching(/\/intervals\/probeMs Expected integer/),
    ]);
  });
});

describe('collector configuration', () => {
  const collector = minimal.replace('stationId: LA-BL-0042\n', 'stationId: LA-BL-0042\ncollector: true\n').replace(/cameras:[\s\S]*$/, '');

  it('takes a collector with no cameras and discovery off (the hub lists its recorders)', () => {
    expect(problems(collector)).toEqual([]);
    expect(parseAgentConfig(collector, 'agent.yaml').config.collector).toBe(true);
    // The same file without `collector` watches nothing: refused.
    expect(problems(collector.replace('collector: true\n', ''))).toEqual([
      expect.stringContaining('/cameras no cameras listed and discovery is off'),
    ]);
  });

  it('refuses a collector with cameras of its own or with discovery on, listing both', () => {
    const bad = `${collector}cameras:\n  - cameraId: C1\n    rtspUrl: rtsp://192.168.1.64/1\ndiscovery:\n  enabled: true\n`;
    expect(problems(bad)).toEqual([
      expect.stringContaining('/cameras a collector checks the recorders the hub lists'),
      expect.stringContaining('/discovery/enabled a collector has no LAN of cameras to discover'),
    ]);
  });
});
