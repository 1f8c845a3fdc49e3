import type { Options } from 'pino-http';
import { traceIdsOfActiveSpan } from '../tracing/log-trace-ids';

/**
 * nestjs-pino's `pinoHttp` options for a service: JSON lines (one object a line, for log
 * shippers) unless stdout is a terminal, where pino-pretty prints them coloured and readable.
 * API keys and other credentials in request headers are redacted. A line written while a span is
 * active carries its `trace_id` and `span_id`.
 */
export function serviceLogOptions(service: string, level: string, terminal = Boolean(process.stdout.isTTY)): Options {
  return {
    level,
    autoLogging: false,
    base: { service },
    mixin: traceIdsOfActiveSpan,
    // A log line written while handling a request carries the request; its credentials never.
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'], censor: '[redacted]' },
    // Not pino's default buffered stdout: Nest ends a SIGTERM shutdown by signalling the process
    // again, which ends it before a buffer is flushed, and the last lines (`stopped: …`) were lost.
    // Node writes process.stdout synchronously to files and pipes on Linux.
    ...(terminal ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } } : { stream: process.stdout }),
  };
}
