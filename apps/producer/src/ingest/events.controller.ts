import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ProducerService, PublishResult } from '@streamline/kafka';
import { ProducerConfig } from '../producer.config';
import { parseSingleEvent } from './cloudevent-parser';

/** HTTP ingest of CloudEvents. */
@Controller('events')
export class EventsController {
  constructor(
    private readonly producer: ProducerService,
    @Inject(ProducerConfig) private readonly config: ProducerConfig,
  ) {}

  /** One CloudEvent, structured or binary mode. 202 once Kafka has it (acks=all). */
  @Post()
  @HttpCode(202)
  async publish(@Req() request: Request): Promise<Pick<PublishResult, 'id' | 'topic' | 'partition' | 'offset'>> {
    const envelope = parseSingleEvent(
      { contentType: request.headers['content-type'], headers: request.headers, body: bodyOf(request) },
      this.config.EVENT_SOURCE,
    );
    const [result] = await this.producer.sendEnvelopes([envelope]);
    return { id: result.id, topic: result.topic, partition: result.partition, offset: result.offset };
  }
}

function bodyOf(request: Request): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}
