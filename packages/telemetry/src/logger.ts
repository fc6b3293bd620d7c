import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { LogLevel } from '@ordergraph/core';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log line, at any of the first three levels of nesting.
 * Our own log calls never log variables or headers wholesale; this is the safety net for
 * objects that slip in (errors with `meta`, arguments echoed by libraries).
 */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'set-cookie',
  'x-ordergraph-identity',
  'secret',
  'apiKey',
  'cardNumber',
  'pan',
  'cvc',
  'cvv',
  'card',
];
export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => {
  const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const dot = k.startsWith('[') ? '' : '.';
  return [k, `*${dot}${k}`, `*.*${dot}${k}`];
});

export interface LoggerFactoryOptions {
  /** Service name put on every line. */
  service: string;
  /** @default 'info' */
  level?: LogLevel;
  /** Pretty, human-readable output via pino-pretty (a dev dependency). @default false */
  pretty?: boolean;
  /** Where lines go. @default stdout */
  destination?: DestinationStream;
}

/** Resolved lazily: pino-pretty is a dev dependency and absent from production images. */
function prettyStream(): DestinationStream | null {
  try {
    const require = createRequire(import.meta.url);
    const pretty = require('pino-pretty') as (options: object) => DestinationStream;
    return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  } catch {
    return null;
  }
}

/** A pino JSON logger with secrets redacted; `pretty` only where pino-pretty is installed. */
export function createLogger(options: LoggerFactoryOptions): Logger {
  const { service, level = 'info', pretty = false } = options;
  const config: LoggerOptions = {
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  const destination = options.destination ?? (pretty ? prettyStream() : null);
  return destination ? pino(config, destination) : pino(config);
}
