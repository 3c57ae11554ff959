import { createHub } from './hub.ts';
import { HubEnvError, hubOptionsFromEnv } from './hub-env.ts';
import { createLogger } from './logger.ts';

/** `tsx hub/src/main.ts`: one hub process configured from the environment (see hub-env.ts). */
const log = createLogger();
try {
  const hub = await createHub({ ...hubOptionsFromEnv(), logger: log });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    hub.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  if (err instanceof HubEnvError) process.stderr.write(`${err.message}\n`);
  else log.fatal({ err }, 'hub failed to start');
  process.exit(1);
}
