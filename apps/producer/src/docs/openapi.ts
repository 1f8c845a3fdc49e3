import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { EVENT_REGISTRY } from '@streamline/kafka';
import { eventClassSchemas, EventRegistry } from '@streamline/schemas';
import { BATCH_MEDIA_TYPE } from '../ingest/batch-parser';

const REF = '#/components/schemas/';

/**
 * The OpenAPI document of the producer, served at `/docs` (JSON at `/docs-json`). The event
 * data schemas come from the same class-validator classes, those of the app's registry, that validate requests.
 */
export function buildOpenApiDocument(app: INestApplication, apiKeys: boolean): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Streamline producer')
    .setDescription(
      'HTTP ingest of CloudEvents into Kafka. Each event is validated against its type, published with acks=all and ' +
        'answered with its topic, partition and offset. Resubmitting an event (same source and id) returns its first position.',
    )
    .setVersion('1.0');
  if (apiKeys) {
    // Either header carries the key (ApiKeyGuard reads both); each is its own scheme, and either satisfies the operation.
    builder.addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key from API_KEYS, as Authorization: Bearer <key>' }, 'api-key');
    builder.addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key from API_KEYS, as X-API-Key: <key>' }, 'x-api-key');
  }
  const document = SwaggerModule.createDocument(app, builder.build());
  const registry = app.get<EventRegistry>(EVENT_REGISTRY);
  const events = registry.events();
  const schemas = eventClassSchemas(
    REF,
    events.map((e) => e.dataClass.name),
  );
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...(asOpenApi30(schemas) as object) } };

  const structured = {
    oneOf: events.map((e) => ({
      title: e.type,
      type: 'object',
      required: ['specversion', 'id', 'type', 'data'],
      properties: {
        specversion: { type: 'string', enum: ['1.0'] },
        id: { type: 'string', minLength: 1, maxLength: 256 },
        source: { type: 'string', minLength: 1, maxLength: 256, description: 'Defaults to EVENT_SOURCE.' },
        type: { type: 'string', enum: [e.type] },
        time: { type: 'string', format: 'date-time' },
        subject: { type: 'string', maxLength: 256 },
        datacontenttype: { type: 'string', enum: ['application/json'] },
        data: { $ref: `${REF}${e.dataClass.name}` },
      },
    })),
  };
  const first = events[0];
  const operation = document.paths['/events']?.post;
  if (operation) {
    operation.requestBody = {
      required: true,
      description:
        'One event in structured mode, one event in binary mode (ce-specversion, ce-id, ce-source, ce-type headers; the body is the data), ' +
        `or a batch (${BATCH_MEDIA_TYPE}: a JSON array of structured events, validated all or nothing).`,
      content: {
        'application/cloudevents+json': {
          schema: structured as never,
          example: { specversion: '1.0', id: '7b1d4c1e-0d1f-4a57-9a55-1f7c2b3c4d5e', source: '/checkout', type: first.type, data: first.example },
        },
        'application/json': { schema: { oneOf: events.map((e) => ({ $ref: `${REF}${e.dataClass.name}` })) }, example: first.example },
        [BATCH_MEDIA_TYPE]: { schema: { type: 'array', minItems: 1, items: structured as never } },
      },
    };
    operation.parameters = ['ce-specversion', 'ce-id', 'ce-source', 'ce-type', 'ce-time', 'ce-subject'].map((name) => ({
      name,
      in: 'header' as const,
      required: false,
      description: 'Binary mode only (Content-Type: application/json).',
      schema: { type: 'string' },
    }));
  }
  return document;
}

/**
 * OpenAPI 3.0 (what the document declares) has no `null` type: a property that may be `null`
 * (`@IsOptional()`, see schema-converters.ts) says `nullable: true` there instead.
 */
function asOpenApi30(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(asOpenApi30);
  if (typeof schema !== 'object' || schema === null) return schema;
  const node = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, asOpenApi30(value)])) as Record<string, unknown>;
  if (Array.isArray(node.type) && node.type.includes('null')) {
    const types = node.type.filter((type) => type !== 'null');
    return { ...node, type: types.length === 1 ? types[0] : types, nullable: true };
  }
  const anyOf = node.anyOf as Record<string, unknown>[] | undefined;
  if (Array.isArray(anyOf) && anyOf.length === 2 && anyOf.some((option) => option.type === 'null')) {
    const { anyOf: _nullable, ...rest } = node;
    return { ...rest, allOf: anyOf.filter((option) => option.type !== 'null'), nullable: true };
  }
  return node;
}
