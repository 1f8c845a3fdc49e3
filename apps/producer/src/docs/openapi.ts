import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { eventClassSchemas, TOPICS } from '@streamline/schemas';
import { BATCH_MEDIA_TYPE } from '../ingest/batch-parser';

const REF = '#/components/schemas/';

/**
 * The OpenAPI document of the producer, served at `/docs` (JSON at `/docs-json`). The event
 * data schemas come from the same class-validator classes that validate requests.
 */
export function buildOpenApiDocument(app: INestApplication, apiKeys: boolean): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Streamline producer')
    .setDescription(
      'HTTP ingest of CloudEvents into Kafka. Each event is validated against its type, published with acks=all and ' +
        'answered with its topic, partition and offset. Resubmitting an event (same source and id) returns its first position.',
    )
    .setVersion('1.0');
  if (apiKeys) builder.addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key from API_KEYS' }, 'api-key');
  const document = SwaggerModule.createDocument(app, builder.build());
  const schemas = eventClassSchemas(REF);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...(schemas as object) } };

  const events = TOPICS.flatMap((t) => t.events);
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
