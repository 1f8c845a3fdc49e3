import { CE_HEADERS } from '../envelope/cloudevent-headers';
import { CLOUDEVENTS_SPEC_VERSION } from '../envelope/envelope';
import { EventDefinition, TopicDefinition } from '../registry/event-definition';
import { EventRegistry } from '../registry/event-registry';
import { eventClassSchemas, JsonSchema } from './json-schema';

/** AsyncAPI version of the generated document. */
export const ASYNCAPI_VERSION = '3.0.0';
const KAFKA_BINDING_VERSION = '0.5.0';

/** What the AsyncAPI document says about itself. */
export interface AsyncApiInfo {
  /** Version of the app's contract; bump when its registry changes shape. */
  version: string;
  /** Default: `Streamline events`. */
  title?: string;
  /** Default: a paragraph on the CloudEvents Kafka binding the records follow. */
  description?: string;
}

const DEFAULT_DESCRIPTION =
  'Events on Streamline topics, in the CloudEvents Kafka protocol binding (binary mode): the record value is ' +
  'the data as JSON, the key is the ordering key, the attributes are ce_* headers. A type name carries its ' +
  'version; an incompatible shape is a new type, and older types stay decodable.';

/**
 * The AsyncAPI document of a registry: one channel per topic (partitions, retention),
 * one `send` operation per topic, one message per event type with its CloudEvents headers,
 * its Kafka key and its payload schema (derived from the same classes that validate).
 */
export function buildAsyncApiDocument(registry: EventRegistry, info: AsyncApiInfo): JsonSchema {
  const messages: Record<string, JsonSchema> = {};
  const channels: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  for (const topic of registry.topics()) {
    const refs = Object.fromEntries(topic.events.map((e) => [e.type, { $ref: `#/components/messages/${e.type}` }]));
    channels[topic.name] = {
      address: topic.name,
      description: topic.description,
      messages: refs,
      bindings: {
        kafka: {
          topic: topic.name,
          partitions: topic.partitions,
          topicConfiguration: { 'retention.ms': topic.retentionMs, 'cleanup.policy': ['delete'] },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    };
    operations[`publish${pascal(topic.name)}`] = {
      action: 'send',
      summary: `Publish an event on ${topic.name}`,
      channel: { $ref: `#/channels/${topic.name}` },
      messages: topic.events.map((e) => ({ $ref: `#/channels/${topic.name}/messages/${e.type}` })),
    };
    for (const definition of topic.events) messages[definition.type] = messageOf(definition, topic);
  }
  return {
    asyncapi: ASYNCAPI_VERSION,
    info: { title: info.title ?? 'Streamline events', version: info.version, description: info.description ?? DEFAULT_DESCRIPTION },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: {
      messages,
      schemas: eventClassSchemas(
        '#/components/schemas/',
        registry.events().map((e) => e.dataClass.name),
      ),
    },
  };
}

function messageOf(definition: EventDefinition, topic: TopicDefinition): JsonSchema {
  return {
    name: definition.type,
    title: definition.type,
    summary: definition.description,
    ...(definition.supersededBy ? { description: `Superseded by ${definition.supersededBy}; still accepted and decoded.` } : {}),
    contentType: 'application/json',
    headers: headersOf(definition.type),
    payload: { $ref: `#/components/schemas/${definition.dataClass.name}` },
    ...(definition.example ? { examples: [{ name: 'example', payload: definition.example }] } : {}),
    bindings: {
      kafka: {
        key: { type: 'string', description: `The event's \`${definition.keyField}\`; records of one key keep their order on ${topic.name}.` },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

/** The Kafka headers of an event of `type`: CloudEvents attributes in binary mode. */
export function headersOf(type: string): JsonSchema {
  const text = (description: string) => ({ type: 'string', minLength: 1, maxLength: 256, description });
  return {
    type: 'object',
    required: [CE_HEADERS.specversion, CE_HEADERS.id, CE_HEADERS.source, CE_HEADERS.type, CE_HEADERS.time, CE_HEADERS.contentType],
    properties: {
      [CE_HEADERS.specversion]: { type: 'string', const: CLOUDEVENTS_SPEC_VERSION },
      [CE_HEADERS.id]: text('Event id, unique per source; source + id identify the event, and a redelivery carries the same pair.'),
      [CE_HEADERS.source]: text('URI reference of the producer, e.g. /checkout.'),
      [CE_HEADERS.type]: { type: 'string', const: type },
      [CE_HEADERS.time]: { type: 'string', format: 'date-time', description: 'When the event happened.' },
      [CE_HEADERS.subject]: text('Optional subject of the event within the source.'),
      [CE_HEADERS.contentType]: { type: 'string', const: 'application/json' },
    },
  };
}

function pascal(name: string): string {
  return name.replace(/(^|[^A-Za-z0-9])([A-Za-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}
