import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyReadError, readEncodedBody } from './raw-body';

type Next = (error?: unknown) => void;

/**
 * Express middleware reading every body raw, up to `limit` bytes, then decoding it by its
 * `Content-Encoding` like the Fastify adapter does. A body past the limit is answered 413 at
 * once (before reading a byte when `Content-Length` says so) and the connection is closed:
 * body-parser reads a refused body to its end before answering, so a client sending gigabytes
 * kept the server reading them all to learn it was too large.
 */
export function readBodyUpTo(limit: number) {
  return (request: IncomingMessage & { body?: unknown }, response: ServerResponse, next: Next): void => {
    if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined) return next();
    const refuse = (error: BodyReadError) => {
      // The client may still be sending: closing is cheaper than reading the rest to discard it.
      response.setHeader('Connection', 'close');
      next(error);
    };
    if (Number(request.headers['content-length']) > limit) {
      return refuse(new BodyReadError(413, `body of ${request.headers['content-length']} bytes exceeds the limit of ${limit}`, 'entity.too.large'));
    }
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) return void chunks.push(chunk);
      stop();
      request.pause();
      refuse(new BodyReadError(413, `body exceeds the limit of ${limit} bytes`, 'entity.too.large'));
    };
    const onEnd = () => {
      stop();
      readEncodedBody(Buffer.concat(chunks, received), request.headers['content-encoding'], limit).then((body) => {
        request.body = body;
        next();
      }, next);
    };
    const onError = (error: Error) => {
      stop();
      refuse(new BodyReadError(400, `body could not be read: ${error.message}`, 'encoding.invalid'));
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  };
}
