import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: 'camwatch-hub', level, redact: { paths: ['password', '*.password', 'secret', '*.secret'], censor: '[redacted]' } });
}
