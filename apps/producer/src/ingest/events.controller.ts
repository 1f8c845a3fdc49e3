import { Controller, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOperation, ApiResponse, ApiSecurity, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { HttpAdapterHost } from '@nestjs/core';
import { ProducerService, PublishResult } from '@streamline/kafka';
import { ProducerConfig } from '../producer.config';
import { parseSingleEvent } from './cloudevent-parser';
import { BATCH_MEDIA_TYPE, parseBatch } from './batch-parser';
import { ApiKeyRateLimitGuard } from './api-key-rate-limit';
import { ApiKeyGuard, checkEventTypes } from './api-key.guard';
import { ApiKey } from './api-keys';
import { IngestError } from './ingest.error';
import { ErrorDto, PublishedBatchDto, PublishedEventDto } from '../docs/api-models';
import { nameRequestSpan } from '../http/request-span';

/** What the ingest reads of a request, the same on Express and Fastify: the raw body and the headers. */
interface IncomingRequest {
  body?: unknown;
  headers: Record<string, string | string[] | undefined> & { 'content-type'?: string };
  /** Node's headers with every occurrence kept (`headers` joins a repeated one with ", "); on Fastify, under `raw`. */
  headersDistinct?: Record<string, string[] | undefined>;
  raw?: { headersDistinct: Record<string, string[] | undefined> };
  /** The API key the guard recognised, when keys are configured. */
  apiKey?: ApiKey;
}

/** Header set when every event of the answer had been published before (same source and id). */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** HTTP ingest of CloudEvents. */
@ApiTags('events')
@ApiBearerAuth('api-key')
@ApiSecurity('x-api-key')
@Controller('events')
@UseGuards(ApiKeyGuard, ApiKeyRateLimitGuard)
export class EventsController {
  constructor(
    private readonly producer: ProducerService,
    @Inject(ProducerConfig) private readonly config: ProducerConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** One CloudEvent (structured or binary mode) or a batch. 202 once Kafka has them (acks=all). */
  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Publish one event or a batch of events' })
  @ApiExtraModels(PublishedEventDto, PublishedBatchDto)
  @ApiResponse({
    status: 202,
    description: 'Published: one event answers its position, a batch answers `events` in request order.',
    schema: { oneOf: [{ $ref: getSchemaPath(PublishedEventDto) }, { $ref: getSchemaPath(PublishedBatchDto) }] },
    headers: { [REPLAYED_HEADER]: { description: 'true when every event had been published before (same source and id).', schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 400, description: 'Invalid: every invalid field is named; nothing was published.', type: ErrorDto })
  @ApiResponse({
    status: 401,
    description: 'API keys are configured and the request has none or a wrong one.',
    type: ErrorDto,
    headers: { 'WWW-Authenticate': { description: 'Bearer: send the key as Authorization: Bearer <key> (or X-API-Key).', schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 403, description: 'The API key may not publish this event type (named in the error).', type: ErrorDto })
  @ApiResponse({ status: 409, description: 'The source and id were used recently by a different event.', type: ErrorDto })
  @ApiResponse({ status: 413, description: 'Body or batch larger than allowed.', type: ErrorDto })
  @ApiResponse({ status: 415, description: 'Unsupported content type.', type: ErrorDto })
  @ApiResponse({
    status: 429,
    description: 'The API key is over its rate limit (API_KEY_RATE_LIMIT); nothing was published. Retry-After says when to try again.',
    type: ErrorDto,
  })
  @ApiResponse({
    status: 503,
    description: 'Kafka cannot take the event now; retry after Retry-After seconds with the same ids.',
    type: ErrorDto,
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying (RETRY_AFTER_SECONDS).', schema: { type: 'integer' } } },
  })
  async publish(@Req() request: IncomingRequest, @Res({ passthrough: true }) response: unknown): Promise<PublishedEventDto | PublishedBatchDto> {
    nameRequestSpan('POST', '/events');
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (mediaType === BATCH_MEDIA_TYPE) {
      const envelopes = parseBatch(body, { maxEvents: this.config.MAX_BATCH_EVENTS, maxBytes: this.config.MAX_BATCH_BYTES }, this.config.EVENT_SOURCE);
      checkEventTypes(
        request.apiKey,
        envelopes.map((e) => e.type),
      );
      if (envelopes.length === 0) return { events: [] };
      const results = await this.producer.sendEnvelopes(envelopes);
      this.markReplayed(response, results);
      return {
        events: results.map((r) => ({
          id: r.id,
          source: r.source,
          topic: r.topic,
          partition: r.partition,
          offset: r.offset,
          ...(r.duplicate ? { duplicate: true } : {}),
        })),
      };
    }
    if (body.length > this.config.MAX_BODY_BYTES) {
      throw new IngestError(413, `body of ${body.length} bytes exceeds the limit of ${this.config.MAX_BODY_BYTES}`);
    }
    const headers = request.raw?.headersDistinct ?? request.headersDistinct ?? request.headers;
    const envelope = parseSingleEvent({ contentType: request.headers['content-type'], headers, body }, this.config.EVENT_SOURCE);
    checkEventTypes(request.apiKey, [envelope.type]);
    const [result] = await this.producer.sendEnvelopes([envelope]);
    this.markReplayed(response, [result]);
    return { id: result.id, topic: result.topic, partition: result.partition, offset: result.offset };
  }

  private markReplayed(response: unknown, results: PublishResult[]): void {
    if (results.every((r) => r.duplicate)) this.adapterHost.httpAdapter.setHeader(response, REPLAYED_HEADER, 'true');
  }
}
