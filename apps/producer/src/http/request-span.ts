import { trace } from '@opentelemetry/api';

/**
 * Names the HTTP server span of the request being handled after its route (`POST /events`), as
 * the HTTP conventions ask; the HTTP instrumentation alone knows only the method. Nothing
 * happens when no span is active (tracing off).
 */
export function nameRequestSpan(method: string, route: string): void {
  trace.getActiveSpan()?.setAttribute('http.route', route).updateName(`${method} ${route}`);
}
