// Child process for the torn-write test: appends records as fast as it can until SIGKILLed.
import { SqliteOutboxStore } from '../../src/outbox/sqlite-outbox-store.ts';

const [dbPath, stationId] = process.argv.slice(2);
if (!dbPath || !stationId) throw new Error('usage: outbox-writer DB STATION');
const store = new SqliteOutboxStore(dbPath);
const outbox = store.forStation(stationId);
outbox.startBoot(Date.now(), 'torn-write-boot');
const jpeg = Buffer.alloc(20_000, 0xab);
for (let i = 0; ; i++) {
  outbox.append('snapshot', { cameraId: 'CAM-1', width: 640, height: 360, trigger: 'scheduled' }, Date.now(), jpeg);
  if (i === 20) process.stdout.write('writing\n');
}
