import type { IncomingMessage } from 'node:http';
import { tracingSettings } from './tracing-settings';

/** A started tracing SDK. */
export interface Tracing {
  /** Ends and exports the spans still buffered, then stops the SDK. */
  shutdown(): Promise<void>;
}

/** Paths whose requests make no span: probes and scrapes, polled every few seconds. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/**
 * Starts the OpenTelemetry SDK for a service when the standard `OTEL_*` variables ask for it
 * (see `tracingSettings`): traces only, exported as the variables say (OTLP over HTTP by
 * default), with spans for incoming HTTP requests and `pg` queries. Call it before anything
 * else is loaded, so the instrumentations see `http` and `pg` load. Returns undefined, having
 * loaded nothing, when tracing is off.
 */
export function startTracing(defaultServiceName: string, env: NodeJS.ProcessEnv): Tracing | undefined {
  const settings = tracingSettings(defaultServiceName, env);
  if (!settings.enabled) return undefined;
  // Loaded here, not at the top: a service without tracing never loads the SDK or its exporters.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sdk = new NodeSDK({
    ...(settings.serviceName !== undefined ? { serviceName: settings.serviceName } : {}),
    // Metrics stay on the services' Prometheus endpoint; the SDK would otherwise export them too.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.test(request.url ?? ''),
        requireParentforOutgoingSpans: true,
      }),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
