import { OrderCancelledV1 } from '../events/order-cancelled.v1';
import { OrderPaidV1 } from '../events/order-paid.v1';
import { OrderPlacedV1 } from '../events/order-placed.v1';
import { OrderShippedV1 } from '../events/order-shipped.v1';

/** A class-validator class describing an event's data. */
export type EventDataClass<T extends object = object> = new () => T;

/** One event type: its data class and which data field is the Kafka key (ordering key). */
export interface EventDefinition<T extends object = object> {
  type: string;
  dataClass: EventDataClass<T>;
  keyField: keyof T & string;
  description: string;
}

/** A topic and the event types that travel on it. */
export interface TopicDefinition {
  name: string;
  partitions: number;
  retentionMs: number;
  description: string;
  events: EventDefinition[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

function event<T extends object>(definition: EventDefinition<T>): EventDefinition {
  return definition as unknown as EventDefinition;
}

/** Every topic Streamline knows, with its events. Adding an event = one class + one entry here. */
export const TOPICS: readonly TopicDefinition[] = [
  {
    name: 'orders',
    partitions: 6,
    retentionMs: 7 * DAY_MS,
    description: 'Lifecycle of customer orders, keyed by order id so one order stays in order.',
    events: [
      event({
        type: 'order.placed.v1',
        dataClass: OrderPlacedV1,
        keyField: 'orderId',
        description: 'A customer placed an order.',
      }),
      event({
        type: 'order.paid.v1',
        dataClass: OrderPaidV1,
        keyField: 'orderId',
        description: 'The payment of an order was captured.',
      }),
      event({
        type: 'order.shipped.v1',
        dataClass: OrderShippedV1,
        keyField: 'orderId',
        description: 'A paid order was handed to a carrier.',
      }),
      event({
        type: 'order.cancelled.v1',
        dataClass: OrderCancelledV1,
        keyField: 'orderId',
        description: 'An order was cancelled before it shipped.',
      }),
    ],
  },
];

const byType = new Map<string, { topic: TopicDefinition; event: EventDefinition }>(
  TOPICS.flatMap((topic) => topic.events.map((e) => [e.type, { topic, event: e }] as const)),
);

/** The definition of an event type, or undefined when the registry does not know it. */
export function findEventDefinition(type: string): EventDefinition | undefined {
  return byType.get(type)?.event;
}

/** The topic an event type travels on, or undefined when unknown. */
export function topicForType(type: string): TopicDefinition | undefined {
  return byType.get(type)?.topic;
}

/** All registered event types. */
export function eventTypes(): string[] {
  return [...byType.keys()];
}

/** The registry's topic of that name, or undefined. */
export function findTopic(name: string): TopicDefinition | undefined {
  return TOPICS.find((t) => t.name === name);
}
