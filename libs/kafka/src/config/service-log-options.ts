import type { Options } from 'pino-http';

/**
 * nestjs-pino's `pinoHttp` options for a service: JSON lines (one object a line, for log
 * shippers) unless stdout is a terminal, where pino-pretty prints them coloured and readable.
 */
export function serviceLogOptions(service: string, level: string, terminal = Boolean(process.stdout.isTTY)): Options {
  return {
    level,
    autoLogging: false,
    base: { service },
    ...(terminal ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } } : {}),
  };
}
