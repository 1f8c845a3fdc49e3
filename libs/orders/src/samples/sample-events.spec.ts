import { createEnvelope } from '@streamline/schemas';
import { SampleEventGenerator, sampleEvents, sampleEventTypes } from './sample-events';
import { orderRegistry } from '../order-registry';

describe('sample events', () => {
  it('can draw every event type of the registry', () => {
    expect(sampleEventTypes().sort()).toEqual(orderRegistry.types().sort());
  });

  it.each(orderRegistry.types())('draws %s events that validate against their schema', (type) => {
    for (const event of sampleEvents(200, type, { seed: type })) expect(() => createEnvelope(orderRegistry, event)).not.toThrow();
  });

  it('repeats exactly with the same seed and differs with another', () => {
    expect(sampleEvents(50, undefined, { seed: 42 })).toEqual(sampleEvents(50, undefined, { seed: 42 }));
    expect(sampleEvents(5, 'order.placed.v1', { seed: 42 })).not.toEqual(sampleEvents(5, 'order.placed.v1', { seed: 43 }));
  });

  it('tells order stories in order: placed, then paid or cancelled, then shipped after paid', () => {
    const events = sampleEvents(2000, undefined, { seed: 'stories' });
    const steps = new Map<string, string[]>();
    for (const event of events) {
      expect(() => createEnvelope(orderRegistry, event)).not.toThrow();
      const orderId = (event.data as { orderId: string }).orderId;
      steps.set(orderId, [...(steps.get(orderId) ?? []), event.type]);
    }
    for (const story of steps.values()) {
      expect([
        'order.placed.v1',
        'order.placed.v1,order.paid.v1',
        'order.placed.v1,order.cancelled.v1',
        'order.placed.v1,order.paid.v1,order.shipped.v1',
      ]).toContain(story.join(','));
    }
    const times = events.map((e) => Date.parse(e.time!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('names the known types when asked for an unknown one', () => {
    expect(() => new SampleEventGenerator({ seed: 1 }).next('order.lost.v1')).toThrow(
      /no sample generator for event type "order.lost.v1"; known: order.placed.v1/,
    );
  });
});
