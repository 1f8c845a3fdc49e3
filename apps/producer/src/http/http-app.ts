import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import { ProducerConfig } from '../producer.config';
import { readBodyUpTo } from './express-body';
import { readEncodedBody } from './raw-body';
import { ApiKeys } from '../ingest/api-keys';
import { keyRefusal, requireApiKeyFirst } from './api-key-first';
import { ProducerService } from '@streamline/kafka';
import { PROBLEM_MEDIA_TYPE, problemOf } from './error.filter';

/** The HTTP adapters the producer service runs on; `HTTP_ADAPTER` chooses, the benchmark says which is faster. */
export type HttpAdapterName = 'express' | 'fastify';

/**
 * Creates the producer's Nest application on the chosen adapter. Either way every body is read
 * raw (the ingest decides by content type, so a bad body is a 400 or 415, never a 500), up to
 * the larger of the single-event and batch limits, inflating gzip, deflate and br; a body past
 * the limit is answered 413 without being read to its end. The server's own limits are set
 * the same on both: see `limitClients`.
 */
export async function createHttpApp(module: unknown, config: ProducerConfig): Promise<INestApplication> {
  const limit = Math.max(config.MAX_BODY_BYTES, config.MAX_BATCH_BYTES);
  const keys = new ApiKeys(config.API_KEYS, config.API_KEY_EVENT_TYPES);
  if (config.HTTP_ADAPTER === 'fastify') {
    const adapter = new FastifyAdapter({ bodyLimit: limit });
    const fastify = adapter.getInstance();
    const started: { producer?: ProducerService } = {};
    // onRequest runs before the body is read: a request without a valid key never has it read.
    // The answer and the count are those of the exception filter, which this hook runs before.
    fastify.addHook('onRequest', (request, reply, done) => {
      const refusal = keyRefusal(keys, request.method, request.url, request.headers);
      if (refusal === undefined) return done();
      started.producer?.metrics.reject('unauthorized');
      void reply
        .code(401)
        .header('connection', 'close')
        .header('www-authenticate', 'Bearer')
        .type(PROBLEM_MEDIA_TYPE)
        .send(problemOf({ status: 401, body: { error: refusal } }));
    });
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (request, body, done) => {
      readEncodedBody(body as Buffer, request.headers['content-encoding'], limit).then(
        (inflated) => done(null, inflated),
        (error: Error) => done(error, undefined),
      );
    });
    const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, { bodyParser: false, bufferLogs: true });
    started.producer = app.get(ProducerService);
    limitClients(app.getHttpServer(), config);
    return app;
  }
  const app = await NestFactory.create<NestExpressApplication>(module as never, { bodyParser: false, bufferLogs: true });
  app.use(requireApiKeyFirst(keys));
  app.use(readBodyUpTo(limit));
  limitClients(app.getHttpServer(), config);
  return app;
}

/**
 * How long a client may hold a connection before its request is complete. Node's defaults
 * (60 s for headers, 5 min for the request) let slow clients hold sockets for minutes, and
 * Fastify turns the request timeout off altogether, so a client that announced more body
 * than it sent held its socket forever. Node answers 408 and closes the connection.
 */
function limitClients(server: Server, config: ProducerConfig): void {
  server.headersTimeout = config.HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS;
  // An idle keep-alive connection is closed after this; connections past the cap are closed at
  // once, so idle or slow clients cannot hold every socket the process may open.
  server.keepAliveTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  server.maxConnections = config.HTTP_MAX_CONNECTIONS;
  // Node checks these timeouts on a timer (30 s by default) it starts on listen; a second
  // keeps the limits close to what they say for the cost of one pass over open connections.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(1000, config.HTTP_HEADERS_TIMEOUT_MS);
}
