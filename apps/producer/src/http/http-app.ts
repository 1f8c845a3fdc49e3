import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ProducerConfig } from '../producer.config';
import { readEncodedBody } from './raw-body';

/** The HTTP adapters the producer service runs on; `HTTP_ADAPTER` chooses, the benchmark says which is faster. */
export type HttpAdapterName = 'express' | 'fastify';

/**
 * Creates the producer's Nest application on the chosen adapter. Either way every body is read
 * raw (the ingest decides by content type, so a bad body is a 400 or 415, never a 500), up to
 * the larger of the single-event and batch limits, inflating gzip, deflate and br.
 */
export async function createHttpApp(module: unknown, config: ProducerConfig): Promise<INestApplication> {
  const limit = Math.max(config.MAX_BODY_BYTES, config.MAX_BATCH_BYTES);
  if (config.HTTP_ADAPTER === 'fastify') {
    const adapter = new FastifyAdapter({ bodyLimit: limit });
    const fastify = adapter.getInstance();
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (request, body, done) => {
      readEncodedBody(body as Buffer, request.headers['content-encoding'], limit).then(
        (inflated) => done(null, inflated),
        (error: Error) => done(error, undefined),
      );
    });
    return NestFactory.create<NestFastifyApplication>(module as never, adapter, { bodyParser: false, bufferLogs: true });
  }
  const app = await NestFactory.create<NestExpressApplication>(module as never, { bodyParser: false, bufferLogs: true });
  app.useBodyParser('raw', { type: () => true, limit });
  return app;
}
