import pino from 'pino';

export type Logger = pino.Logger;

/** Wherever a secret may sit in a logged object; pino replaces the value before the line is written. */
const secretPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-csrf-token"]',
  'headers["set-cookie"]',
  'authorization',
  'cookie',
  'password',
  'currentPassword',
  'newPassword',
  'passwordHash',
  'password_hash',
  'token',
  'tokenHash',
  'token_hash',
  'csrfToken',
  'csrf_token',
  'smtpUrl',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordHash',
  '*.password_hash',
  '*.token',
  '*.csrfToken',
  '*.authorization',
  '*.cookie',
  '*.smtpUrl',
];

/**
 * Structured logs; secrets never reach them (headers, passwords and tokens are redacted).
 * `destination` receives the JSON lines (stdout when omitted); tests pass a stream to read them.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: secretPaths, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
