import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; secrets are redacted wherever they appear in logged objects. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'license-desk' },
      redact: {
        paths: [
          'password',
          '*.password',
          'clientSecret',
          '*.clientSecret',
          'authorization',
          '*.authorization',
          'headers.authorization',
          '*.headers.authorization',
          'token',
          '*.token',
          'config.bot.password',
          'config.graph.clientSecret',
        ],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
