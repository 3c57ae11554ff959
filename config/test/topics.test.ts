import { describe, expect, it } from 'vitest';
import {
  filterFor,
  parseTopic,
  stationMayPublish,
  stationMaySubscribe,
  TOPICS,
  topicFor,
  TopicError,
  type TopicKind,
} from '../src/index.ts';

const params = { stationId: 'LA-BL-0042', cameraId: 'LA-BL-0042-C1' };

describe('topics', () => {
  it.each(Object.keys(TOPICS) as TopicKind[])('%s builds and parses round-trip', (kind) => {
    const topic = topicFor(kind, params as never);
    expect(topic.startsWith('camwatch/v1/')).toBe(true);
    const parsed = parseTopic(topic);
    expect(parsed?.kind).toBe(kind);
    if (TOPICS[kind].scope !== 'none') expect(parsed?.stationId).toBe(params.stationId);
    if (TOPICS[kind].scope === 'camera') expect(parsed?.cameraId).toBe(params.cameraId);
  });

  it('refuses ids that could act as wildcards or path segments', () => {
    for (const bad of ['+', '#', 'a/b', '..', '', 'x'.repeat(65), 'ünïcode', '-lead']) {
      expect(() => topicFor('health', { stationId: bad })).toThrow(TopicError);
    }
  });

  it('parses nothing that is not exactly one of our topics', () => {
    for (const t of [
      'camwatch/v1/st/A/health/extra',
      'camwatch/v2/st/A/health',
      'camwatch/v1/st/+/health',
      'camwatch/v1/st/#',
      'camwatch/v1/st/../health',
      'camwatch/v1/st//health',
      'other/topic',
    ]) {
      expect(parseTopic(t)).toBeNull();
    }
  });

  it('subscription filters use + for every id level', () => {
    expect(filterFor('cameraStatus')).toBe('camwatch/v1/st/+/cam/+/status');
    expect(filterFor('hubClock')).toBe('camwatch/v1/hub/clock');
  });

  it('a station may publish only its own station-to-hub topics', () => {
    expect(stationMayPublish('A1', topicFor('health', { stationId: 'A1' }))).toBe(true);
    expect(stationMayPublish('A1', topicFor('snapshot', { stationId: 'A1', cameraId: 'C1' }))).toBe(true);
    expect(stationMayPublish('A1', topicFor('health', { stationId: 'B2' }))).toBe(false);
    expect(stationMayPublish('A1', topicFor('command', { stationId: 'A1' }))).toBe(false);
    expect(stationMayPublish('A1', topicFor('alert', {}))).toBe(false);
    expect(stationMaySubscribe('A1', topicFor('command', { stationId: 'A1' }))).toBe(true);
    expect(stationMaySubscribe('A1', topicFor('command', { stationId: 'B2' }))).toBe(false);
    expect(stationMaySubscribe('A1', 'camwatch/v1/st/+/cmd')).toBe(false);
    expect(stationMaySubscribe('A1', '#')).toBe(false);
    expect(stationMaySubscribe('A1', topicFor('collectorTargets', { stationId: 'A1' }))).toBe(true);
    expect(stationMaySubscribe('A1', topicFor('collectorTargets', { stationId: 'B2' }))).toBe(false);
    expect(stationMaySubscribe('A1', 'camwatch/v1/st/+/targets')).toBe(false);
    // Hub → station: a station may not write its own list.
    expect(stationMayPublish('A1', topicFor('collectorTargets', { stationId: 'A1' }))).toBe(false);
  });
});
