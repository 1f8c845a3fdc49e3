import { SetMetadata } from '@nestjs/common';
import { EVENT_HANDLER_METADATA } from '../kafka.constants';

/** Marks a provider method as the handler of an event type, e.g. `@EventHandler('order.placed.v1')`. */
export const EventHandler = (type: string): MethodDecorator => SetMetadata(EVENT_HANDLER_METADATA, type);
