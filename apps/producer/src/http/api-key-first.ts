import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiKeys, presentedKey } from '../ingest/api-keys';
import { API_KEY_INVALID, API_KEY_REQUIRED } from '../ingest/api-key.guard';
import { IngestError } from '../ingest/ingest.error';

type Next = (error?: unknown) => void;

/** The 401 message for a request to the ingest whose key is missing or wrong; undefined when it may go on. */
export function keyRefusal(keys: ApiKeys, method: string | undefined, url: string | undefined, headers: IncomingMessage['headers']): string | undefined {
  if (!keys.enabled || method !== 'POST' || !/^\/events(\/|\?|$)/.test(url ?? '')) return undefined;
  const presented = presentedKey(headers);
  if (presented === undefined) return API_KEY_REQUIRED;
  return keys.identify(presented) ? undefined : API_KEY_INVALID;
}

/**
 * Express middleware, ahead of the body reader: a request to the ingest without a valid key is
 * answered 401 before a byte of its body is read, and its connection closed, so an anonymous
 * client cannot make the server read (and hold in memory) bodies up to the size limit.
 */
export function requireApiKeyFirst(keys: ApiKeys) {
  return (request: IncomingMessage, response: ServerResponse, next: Next): void => {
    const refusal = keyRefusal(keys, request.method, request.url, request.headers);
    if (refusal === undefined) return next();
    response.setHeader('Connection', 'close');
    next(new IngestError(401, refusal));
  };
}
