import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { findEventDefinition } from '@streamline/schemas';
import { EVENT_BATCH_HANDLER_METADATA, EVENT_HANDLER_METADATA } from '../kafka.constants';
import { BoundBatchHandler, BoundHandler } from './handler-context';

/** The handlers of a service, per event type. */
export interface DiscoveredHandlers {
  single: Map<string, BoundHandler>;
  batch: Map<string, BoundBatchHandler>;
}

/** Finds every @EventHandler and @EventBatchHandler method among the app's providers. One handler per event type. */
@Injectable()
export class HandlerDiscovery {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  discover(): DiscoveredHandlers {
    const found: DiscoveredHandlers = { single: new Map(), batch: new Map() };
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[name] as (...args: unknown[]) => unknown;
        const where = `${prototype.constructor.name}.${name}`;
        const type = Reflect.getMetadata(EVENT_HANDLER_METADATA, method) as string | undefined;
        const batch = Reflect.getMetadata(EVENT_BATCH_HANDLER_METADATA, method) as { type: string; maxSize: number } | undefined;
        for (const t of [type, batch?.type]) {
          if (!t) continue;
          if (!findEventDefinition(t)) throw new Error(`handler of '${t}' on ${where}: unknown event type`);
          if (found.single.has(t) || found.batch.has(t)) throw new Error(`two handlers for ${t}; one event type has one handler per service`);
        }
        if (type) found.single.set(type, async (event, context) => void (await method.call(instance, event, context)));
        if (batch) {
          if (!Number.isInteger(batch.maxSize) || batch.maxSize < 1)
            throw new Error(`@EventBatchHandler('${batch.type}') on ${where}: maxSize must be a positive integer`);
          found.batch.set(batch.type, { maxSize: batch.maxSize, handle: async (events, context) => void (await method.call(instance, events, context)) });
        }
      }
    }
    return found;
  }
}
