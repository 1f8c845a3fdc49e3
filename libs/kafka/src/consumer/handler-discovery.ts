import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { findEventDefinition } from '@streamline/schemas';
import { EVENT_HANDLER_METADATA } from '../kafka.constants';
import { BoundHandler } from './handler-context';

/** Finds every @EventHandler method among the app's providers. One handler per event type. */
@Injectable()
export class HandlerDiscovery {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  discover(): Map<string, BoundHandler> {
    const handlers = new Map<string, BoundHandler>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[name] as (...args: unknown[]) => unknown;
        const type = Reflect.getMetadata(EVENT_HANDLER_METADATA, method) as string | undefined;
        if (!type) continue;
        if (!findEventDefinition(type)) throw new Error(`@EventHandler('${type}') on ${prototype.constructor.name}.${name}: unknown event type`);
        if (handlers.has(type)) throw new Error(`two handlers for ${type}; one event type has one handler per service`);
        handlers.set(type, async (event, context) => {
          await method.call(instance, event, context);
        });
      }
    }
    return handlers;
  }
}
