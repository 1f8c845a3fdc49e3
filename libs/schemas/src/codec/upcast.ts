import { EventEnvelope } from '../envelope/envelope';
import { EventRegistry } from '../registry/event-registry';
import { validateEventData } from './validate';

/**
 * The event as the first type along its `supersededBy` chain in `registry` that `wanted` accepts, its data
 * turned by each entry's `upcast` and validated against that version's class; undefined when
 * no version on the chain is wanted or a step has no upcaster. Identity and every other
 * attribute stay those of the event in history (so the idempotency guard still knows it).
 * Throws SchemaValidationError when an upcaster produced invalid data.
 */
export function upcastEvent(registry: EventRegistry, event: EventEnvelope, wanted: (type: string) => boolean): EventEnvelope | undefined {
  let current = event;
  const seen = new Set<string>([event.type]);
  for (;;) {
    const definition = registry.find(current.type);
    const next = definition?.supersededBy;
    if (!definition?.upcast || next === undefined || seen.has(next)) return undefined;
    const target = registry.find(next);
    if (!target) return undefined;
    seen.add(next);
    current = { ...current, type: next, data: validateEventData(target, definition.upcast(current.data)) };
    if (wanted(next)) return current;
  }
}
