import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { renderTopicReference } from '../src/docs/topic-reference.ts';
import { TOPIC_REFERENCE_PATH } from '../src/docs/write-topic-reference.ts';
import { TOPICS, DEFAULTS } from '../src/index.ts';

it('config/MQTT.md is up to date with the contracts (run `pnpm run docs` to refresh)', async () => {
  const committed = await readFile(TOPIC_REFERENCE_PATH, 'utf8');
  expect(committed).toBe(renderTopicReference());
  for (const t of Object.values(TOPICS)) expect(committed).toContain(t.pattern);
  for (const name of Object.keys(DEFAULTS)) expect(committed).toContain(`\`${name}\``);
});
