import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderTopicReference } from './topic-reference.ts';

export const TOPIC_REFERENCE_PATH = fileURLToPath(new URL('../../MQTT.md', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(TOPIC_REFERENCE_PATH, renderTopicReference());
  console.log(`wrote ${TOPIC_REFERENCE_PATH}`);
}
