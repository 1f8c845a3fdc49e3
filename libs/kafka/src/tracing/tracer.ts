import { ProxyTracerProvider, trace, Tracer } from '@opentelemetry/api';

/** The provider the API hands out while no SDK is registered. */
const NO_SDK = new ProxyTracerProvider().getDelegate();

/**
 * Streamline's tracer. It is the API's proxy, so spans go to whichever SDK the process registers
 * (the services' own, or an application's that embeds the library), even one registered later.
 */
export const tracer: Tracer = trace.getTracer('@streamline/kafka');

/**
 * True when an SDK is registered. Checked per record before any span work: without an SDK the
 * API would still hand out a non-recording span object per call, and the record's trace context
 * would be parsed for nothing. Two property reads, no allocation.
 */
export function tracingActive(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NO_SDK;
}
