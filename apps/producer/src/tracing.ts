import { startTracing } from '@streamline/telemetry';

/**
 * The OpenTelemetry SDK, started when the standard OTEL_* variables ask for tracing (undefined
 * otherwise). main.ts imports this file first, so the HTTP and pg instrumentations are in place
 * before those modules load.
 */
export const tracing = startTracing('producer', process.env);
