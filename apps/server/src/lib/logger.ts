import pino from 'pino';

export type Logger = pino.Logger;

/** Structured logs; secrets never reach them (headers and passwords are redacted). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        'password',
        '*.password',
        'token',
      ],
      censor: '[redacted]',
    },
  });
}
