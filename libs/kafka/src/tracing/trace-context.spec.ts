import { trace } from '@opentelemetry/api';
import { contextOfExtensions, formatTraceparent, parseTraceparent } from './trace-context';
import { tracingActive } from './tracer';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('trace context of the CloudEvents distributed-tracing extension', () => {
  it('reads a traceparent and tracestate and writes them back unchanged', () => {
    const parsed = parseTraceparent(TRACEPARENT, 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
    expect(parsed).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1, isRemote: true });
    expect(formatTraceparent(parsed!)).toEqual({ traceparent: TRACEPARENT, tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7' });
  });

  it.each([
    ['absent', undefined],
    ['all-zero trace id', '00-00000000000000000000000000000000-b7ad6b7169203331-01'],
    ['all-zero span id', '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01'],
    ['version ff', 'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'],
    ['upper case', '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01'],
    ['version 00 with more fields', `${TRACEPARENT}-extra`],
    ['not one', 'hello'],
  ])('ignores a traceparent that is %s', (_, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });

  it('makes the span an event names the parent of a context', () => {
    const parent = contextOfExtensions({ traceparent: TRACEPARENT, tenant: 'acme' });
    expect(trace.getSpanContext(parent!)?.spanId).toBe('b7ad6b7169203331');
    expect(contextOfExtensions({ tenant: 'acme' })).toBeUndefined();
  });

  it('sees no SDK in a process that registered none', () => {
    expect(tracingActive()).toBe(false);
  });
});
