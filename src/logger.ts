import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * The gateway's structured JSON logger. Tokens must never reach it: the
 * redaction below is a second line of defence for headers that carry them,
 * not a licence to log request objects.
 */
export function createLogger(
  level: string,
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        '*.headers.authorization',
        '*.token',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
