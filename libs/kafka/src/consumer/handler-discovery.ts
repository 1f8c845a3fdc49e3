import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { EventRegistry } from '@streamline/schemas';
import { EVENT_BATCH_HANDLER_METADATA, EVENT_HANDLER_METADATA, MODULE_OPTIONS_TOKEN } from '../kafka.constants';
import { KafkaModuleOptions } from '../kafka.options';
import { BoundBatchHandler, BoundHandler } from './handler-context';
import { HandlerInvoker } from './handler-invoker';

/** The handlers of a service, per event type. */
export interface DiscoveredHandlers {
  single: Map<string, BoundHandler>;
  batch: Map<string, BoundBatchHandler>;
}

/**
 * Finds every @EventHandler and @EventBatchHandler method among the app's providers (one handler
 * per event type, each a type of the registry) and binds each through Nest's enhancers (see
 * HandlerInvoker), once, here; then adds the handlers given in `consumer.handlers`, under the same rules.
 */
@Injectable()
export class HandlerDiscovery {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly invoker: HandlerInvoker,
    @Inject(MODULE_OPTIONS_TOKEN) private readonly options: KafkaModuleOptions,
  ) {}

  async discover(registry: EventRegistry): Promise<DiscoveredHandlers> {
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
        for (const t of [type, batch?.type]) if (t) checkNew(registry, found, t, `on ${where}`);
        if (type) found.single.set(type, await this.invoker.bind(wrapper, name));
        if (batch) {
          if (!Number.isInteger(batch.maxSize) || batch.maxSize < 1)
            throw new Error(`@EventBatchHandler('${batch.type}') on ${where}: maxSize must be a positive integer`);
          found.batch.set(batch.type, { maxSize: batch.maxSize, handle: await this.invoker.bind(wrapper, name) });
        }
      }
    }
    for (const external of this.options.consumer?.handlers ?? []) {
      checkNew(registry, found, external.type, `from ${external.source}`);
      found.single.set(external.type, external.handle);
    }
    return found;
  }
}

/** A handler of `type` may be added: the type is registered and has no handler yet. */
function checkNew(registry: EventRegistry, found: DiscoveredHandlers, type: string, where: string): void {
  if (!registry.find(type)) throw new Error(`handler of '${type}' ${where}: ${registry.unknownTypeMessage(type)}`);
  if (found.single.has(type) || found.batch.has(type)) throw new Error(`two handlers for ${type}; one event type has one handler per service`);
}
